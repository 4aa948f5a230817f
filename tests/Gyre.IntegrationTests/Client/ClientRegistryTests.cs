using Gyre.Client;
using Gyre.Client.Registry;
using Gyre.Core.Errors;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Client;

/// <summary>The model registry through the .NET client against the real Gyre server.</summary>
public sealed class ClientRegistryTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>, IDisposable
{
    private readonly TrackingClient _client = new(server.Server.BaseAddress);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(string RunId, string ArtifactUri)> TrainedRunAsync()
    {
        await using var run = await _client.StartRunAsync(experimentName: "registry-runs", cancellationToken: Ct);
        await run.LogTextAsync("flavors: {}\n", "model/MLmodel", Ct);
        return (run.RunId, run.Run.Info.ArtifactUri!);
    }

    [Fact]
    public async Task Register_versions_move_stages_and_resolve_models_uris()
    {
        var name = Unique("churn");
        var created = await _client.Registry.CreateRegisteredModelAsync(name, "Churn classifier", new Dictionary<string, string> { ["team"] = "risk" }, Ct);
        Assert.Equal(name, created.Name);

        var (run1, uri1) = await TrainedRunAsync();
        var (run2, uri2) = await TrainedRunAsync();
        var v1 = await _client.Registry.CreateModelVersionAsync(name, uri1 + "/model", run1, cancellationToken: Ct);
        var v2 = await _client.Registry.CreateModelVersionAsync(name, uri2 + "/model", run2, "second", new Dictionary<string, string> { ["candidate"] = "yes" }, cancellationToken: Ct);
        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal(run2, v2.RunId);
        Assert.Equal("None", v2.CurrentStage);

        var production = await _client.Registry.TransitionModelVersionStageAsync(name, "1", "production", cancellationToken: Ct);
        Assert.Equal("Production", production.CurrentStage);
        await _client.Registry.TransitionModelVersionStageAsync(name, "2", "Production", archiveExistingVersions: true, Ct);
        Assert.Equal("Archived", (await _client.Registry.GetModelVersionAsync(name, "1", Ct)).CurrentStage);

        await _client.Registry.SetAliasAsync(name, "champion", "1", Ct);
        await _client.Registry.SetAliasAsync(name, "challenger", "2", Ct);
        Assert.Equal("1", (await _client.Registry.GetModelVersionByAliasAsync(name, "champion", Ct)).Version);
        var model = await _client.Registry.GetRegisteredModelAsync(name, Ct);
        Assert.Contains(model.Aliases, a => a.Alias == "champion" && a.Version == "1");
        Assert.Contains(model.Tags, t => t.Key == "team" && t.Value == "risk");

        Assert.Equal("1", (await _client.Registry.ResolveAsync($"models:/{name}/1", Ct)).Version);
        Assert.Equal("2", (await _client.Registry.ResolveAsync($"models:/{name}/Production", Ct)).Version);
        Assert.Equal("1", (await _client.Registry.ResolveAsync($"models:/{name}@champion", Ct)).Version);
        Assert.Equal("2", (await _client.Registry.ResolveAsync($"models:/{name}/latest", Ct)).Version);
        var staging = await Assert.ThrowsAsync<GyreException>(() => _client.Registry.ResolveAsync($"models:/{name}/Staging", Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, staging.Code);

        var download = await _client.Registry.ResolveDownloadUriAsync($"models:/{name}@champion", Ct);
        Assert.Contains(run1, download);

        await _client.Registry.DeleteAliasAsync(name, "champion", Ct);
        var gone = await Assert.ThrowsAsync<TrackingServerException>(() => _client.Registry.GetModelVersionByAliasAsync(name, "champion", Ct));
        // MLflow answers a missing alias with INVALID_PARAMETER_VALUE, and so does Gyre.
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, gone.Code);
        Assert.Contains("champion", gone.Message);
    }

    [Fact]
    public async Task Tags_descriptions_rename_search_and_delete()
    {
        var name = Unique("fraud");
        await _client.Registry.CreateRegisteredModelAsync(name, cancellationToken: Ct);
        var (runId, uri) = await TrainedRunAsync();
        await _client.Registry.CreateModelVersionAsync(name, uri + "/model", runId, cancellationToken: Ct);

        await _client.Registry.SetRegisteredModelTagAsync(name, "domain", "payments", Ct);
        await _client.Registry.SetModelVersionTagAsync(name, "1", "validated", "true", Ct);
        await _client.Registry.UpdateRegisteredModelAsync(name, "Fraud scorer", Ct);
        await _client.Registry.UpdateModelVersionAsync(name, "1", "first cut", Ct);
        var version = await _client.Registry.GetModelVersionAsync(name, "1", Ct);
        Assert.Equal("first cut", version.Description);
        Assert.Contains(version.Tags, t => t.Key == "validated" && t.Value == "true");

        var renamed = await _client.Registry.RenameRegisteredModelAsync(name, name + "-v2", Ct);
        Assert.Equal(name + "-v2", renamed.Name);
        Assert.Equal("Fraud scorer", renamed.Description);

        var found = await _client.Registry.SearchAllRegisteredModelsAsync($"name = '{name}-v2'", cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal([name + "-v2"], found.Select(m => m.Name));
        var versions = await _client.Registry.SearchAllModelVersionsAsync($"name = '{name}-v2'", cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(["1"], versions.Select(v => v.Version));

        await _client.Registry.DeleteModelVersionTagAsync(name + "-v2", "1", "validated", Ct);
        await _client.Registry.DeleteRegisteredModelTagAsync(name + "-v2", "domain", Ct);
        Assert.DoesNotContain((await _client.Registry.GetRegisteredModelAsync(name + "-v2", Ct)).Tags, t => t.Key == "domain");

        await _client.Registry.DeleteModelVersionAsync(name + "-v2", "1", Ct);
        await _client.Registry.DeleteRegisteredModelAsync(name + "-v2", Ct);
        var missing = await Assert.ThrowsAsync<TrackingServerException>(() => _client.Registry.GetRegisteredModelAsync(name + "-v2", Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, missing.Code);
    }

    [Fact]
    public async Task Registry_paging_walks_every_page()
    {
        var prefix = Unique("paged");
        for (var i = 0; i < 5; i++) await _client.Registry.CreateRegisteredModelAsync($"{prefix}-{i}", cancellationToken: Ct);
        var first = await _client.Registry.SearchRegisteredModelsAsync($"name LIKE '{prefix}%'", ["name ASC"], maxResults: 2, cancellationToken: Ct);
        Assert.Equal([$"{prefix}-0", $"{prefix}-1"], first.Items.Select(m => m.Name));
        Assert.NotNull(first.NextPageToken);
        var all = await _client.Registry.SearchAllRegisteredModelsAsync($"name LIKE '{prefix}%'", ["name ASC"], Ct).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), all.Select(m => m.Name));
    }

    [Fact]
    public async Task Bad_stage_names_are_rejected_before_reaching_the_server()
    {
        var error = await Assert.ThrowsAsync<GyreException>(() => _client.Registry.TransitionModelVersionStageAsync("m", "1", "Prod", cancellationToken: Ct));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains("Prod", error.Message);
    }

    public void Dispose() => _client.Dispose();
}
