using Gyre.Client;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Client;

/// <summary>The <c>gyre experiments|runs|models</c> verbs against the real server: output and exit codes.</summary>
public sealed class CliTrackingTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>, IDisposable
{
    private readonly TrackingClient _client = new(server.Server.BaseAddress);
    private readonly string _uri = server.Server.BaseAddress.ToString();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Experiments_create_list_and_delete()
    {
        var name = Unique("cli-exp");
        var created = await GyreCli.RunAsync("experiments", "create", name, "--tracking-uri", _uri);
        Assert.Equal(0, created.ExitCode);
        var id = (await _client.GetExperimentByNameAsync(name, Ct))!.ExperimentId;
        Assert.Contains($"Created experiment '{name}' with id {id}", created.Output);

        var list = await GyreCli.RunAsync("experiments", "list", "--tracking-uri", _uri);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(name, list.Output);

        var deleted = await GyreCli.RunAsync("experiments", "delete", name, "--tracking-uri", _uri);
        Assert.Equal(0, deleted.ExitCode);
        Assert.Contains($"Deleted experiment '{name}' (id {id})", deleted.Output);
        Assert.Equal("deleted", (await _client.GetExperimentAsync(id, Ct)).LifecycleStage);

        var active = await GyreCli.RunAsync("experiments", "list", "--tracking-uri", _uri);
        Assert.DoesNotContain(name, active.Output);
        var withDeleted = await GyreCli.RunAsync("experiments", "list", "--view", "deleted", "--tracking-uri", _uri);
        Assert.Contains(name, withDeleted.Output);

        var duplicate = await GyreCli.RunAsync("experiments", "create", name, "--tracking-uri", _uri);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("RESOURCE_ALREADY_EXISTS", duplicate.Error);
    }

    [Fact]
    public async Task Runs_list_show_and_compare()
    {
        var experiment = Unique("cli-runs");
        var ids = new List<string>();
        foreach (var (name, depth, auc) in new[] { ("shallow", "3", 0.81), ("deep", "8", 0.87) })
        {
            await using var run = await _client.StartRunAsync(experimentName: experiment, runName: name, cancellationToken: Ct);
            run.LogParam("max_depth", depth);
            run.LogParam("learning_rate", "0.1");
            run.LogMetric("auc", auc);
            ids.Add(run.RunId);
        }

        var list = await GyreCli.RunAsync("runs", "list", "--experiment", experiment, "--tracking-uri", _uri);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(ids[0], list.Output);
        Assert.Contains(ids[1], list.Output);
        Assert.Contains("FINISHED", list.Output);
        Assert.Contains("0.87", list.Output);

        var filtered = await GyreCli.RunAsync("runs", "list", "-e", experiment, "--filter", "metrics.auc > 0.85", "--tracking-uri", _uri);
        Assert.Equal(0, filtered.ExitCode);
        Assert.Contains(ids[1], filtered.Output);
        Assert.DoesNotContain(ids[0], filtered.Output);

        var show = await GyreCli.RunAsync("runs", "show", ids[1], "--tracking-uri", _uri);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("deep", show.Output);
        Assert.Contains("max_depth", show.Output);
        Assert.Contains("mlflow.user", show.Output);

        var compare = await GyreCli.RunAsync("runs", "compare", ids[0], ids[1], "--tracking-uri", _uri);
        Assert.Equal(0, compare.ExitCode);
        var depthRow = compare.Output.Split('\n').Single(l => l.Contains("param max_depth"));
        Assert.True(depthRow.IndexOf('3') < depthRow.IndexOf('8'), depthRow);
        var aucRow = compare.Output.Split('\n').Single(l => l.Contains("metric auc"));
        Assert.True(aucRow.IndexOf("0.81", StringComparison.Ordinal) < aucRow.IndexOf("0.87", StringComparison.Ordinal), aucRow);
        Assert.Contains(compare.Output.Split('\n'), l => l.Contains("param learning_rate") && l.Split("0.1").Length == 3);

        var missing = await GyreCli.RunAsync("runs", "show", "ffffffffffffffffffffffffffffffff", "--tracking-uri", _uri);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", missing.Error);

        var tooFew = await GyreCli.RunAsync("runs", "compare", ids[0], "--tracking-uri", _uri);
        Assert.NotEqual(0, tooFew.ExitCode);
    }

    [Fact]
    public async Task Models_list_show_transition_and_alias()
    {
        var name = Unique("cli-model");
        await _client.Registry.CreateRegisteredModelAsync(name, "CLI test model", cancellationToken: Ct);
        string runId;
        await using (var run = await _client.StartRunAsync(experimentName: "cli-models", cancellationToken: Ct)) runId = run.RunId;
        await _client.Registry.CreateModelVersionAsync(name, $"runs:/{runId}/model", runId, cancellationToken: Ct);
        await _client.Registry.CreateModelVersionAsync(name, $"runs:/{runId}/model", runId, cancellationToken: Ct);

        var transition = await GyreCli.RunAsync("models", "transition", name, "2", "production", "--tracking-uri", _uri);
        Assert.Equal(0, transition.ExitCode);
        Assert.Contains($"{name} v2 is now in stage Production", transition.Output);
        Assert.Equal("Production", (await _client.Registry.GetModelVersionAsync(name, "2", Ct)).CurrentStage);

        var alias = await GyreCli.RunAsync("models", "alias", name, "champion", "2", "--tracking-uri", _uri);
        Assert.Equal(0, alias.ExitCode);
        Assert.Equal("2", (await _client.Registry.GetModelVersionByAliasAsync(name, "champion", Ct)).Version);

        var list = await GyreCli.RunAsync("models", "list", "--tracking-uri", _uri);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(name, list.Output);
        Assert.Contains("champion", list.Output);

        var show = await GyreCli.RunAsync("models", "show", name, "--tracking-uri", _uri);
        Assert.Equal(0, show.ExitCode);
        var v2 = show.Output.Split('\n').Single(l => l.Contains("Production"));
        Assert.Contains("champion", v2);
        Assert.Contains(runId, v2);

        var removed = await GyreCli.RunAsync("models", "alias", name, "champion", "--delete", "--tracking-uri", _uri);
        Assert.Equal(0, removed.ExitCode);
        Assert.DoesNotContain((await _client.Registry.GetRegisteredModelAsync(name, Ct)).Aliases, a => a.Alias == "champion");

        var badStage = await GyreCli.RunAsync("models", "transition", name, "1", "Prod", "--tracking-uri", _uri);
        Assert.Equal(1, badStage.ExitCode);
        Assert.Contains("Prod", badStage.Error);

        var unknown = await GyreCli.RunAsync("models", "show", Unique("nobody"), "--tracking-uri", _uri);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", unknown.Error);
    }

    [Fact]
    public async Task An_unreachable_server_gives_a_clear_message_and_exit_code_2()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await GyreCli.RunAsync("experiments", "list", "--tracking-uri", $"http://127.0.0.1:{port}");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Cannot reach the tracking server at http://127.0.0.1:{port}", result.Error);
        Assert.Contains("MLFLOW_TRACKING_URI", result.Error);
    }

    public void Dispose() => _client.Dispose();
}
