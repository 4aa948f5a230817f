using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Registry;

namespace Gyre.Tracking.Tests.Stores;

public abstract class RegistryStoreTests : SearchRunsStoreTests
{
    [Fact]
    public async Task Registered_models_create_get_update_and_reject_duplicates()
    {
        await using var store = await OpenAsync();
        var created = await store.CreateRegisteredModelAsync("churn", [new RegisteredModelTag("owner", "ds")], "first", Ct);
        Assert.Equal("churn", created.Name);
        Assert.Equal("first", created.Description);
        Assert.Empty(created.LatestVersions);
        Assert.Equal([new RegisteredModelTag("owner", "ds")], created.Tags);

        var e = await ThrowsGyre(ErrorCode.RESOURCE_ALREADY_EXISTS, () => store.CreateRegisteredModelAsync("churn", ct: Ct));
        Assert.Equal("Registered Model (name=churn) already exists.", e.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateRegisteredModelAsync("", ct: Ct));
        var missing = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetRegisteredModelAsync("nope", Ct));
        Assert.Equal("Registered Model with name=nope not found", missing.Message);

        var updated = await store.UpdateRegisteredModelAsync("churn", "second", Ct);
        Assert.Equal("second", updated.Description);
        Assert.Equal("second", (await store.GetRegisteredModelAsync("churn", Ct)).Description);

        await store.SetRegisteredModelTagAsync("churn", new RegisteredModelTag("owner", "ml"), Ct);
        await store.SetRegisteredModelTagAsync("churn", new RegisteredModelTag("x", "1"), Ct);
        await store.DeleteRegisteredModelTagAsync("churn", "x", Ct);
        Assert.Equal([new RegisteredModelTag("owner", "ml")], (await store.GetRegisteredModelAsync("churn", Ct)).Tags);
    }

    [Fact]
    public async Task Versions_auto_increment_and_numbers_are_never_reused()
    {
        await using var store = await OpenAsync();
        var runId = await NewRunAsync(store);
        await store.CreateRegisteredModelAsync("m", ct: Ct);
        var v1 = await store.CreateModelVersionAsync("m", "s3://b/1", runId, [new ModelVersionTag("k", "v")], null, "d1", Ct);
        var v2 = await store.CreateModelVersionAsync("m", "s3://b/2", ct: Ct);
        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal(ModelVersionStatus.Ready, v1.Status);
        Assert.Equal(ModelStages.None, v1.CurrentStage);
        Assert.Equal(runId, v1.RunId);
        Assert.Equal("s3://b/1", v1.Source);
        Assert.Equal([new ModelVersionTag("k", "v")], v1.Tags);
        Assert.Equal("d1", v1.Description);

        await store.DeleteModelVersionAsync("m", "2", Ct);
        var gone = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetModelVersionAsync("m", "2", Ct));
        Assert.Equal("Model Version (name=m, version=2) not found", gone.Message);
        Assert.Equal("3", (await store.CreateModelVersionAsync("m", "s3://b/3", ct: Ct)).Version);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.CreateModelVersionAsync("absent", "s3://x", ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetModelVersionAsync("m", "one", Ct));

        var updated = await store.UpdateModelVersionAsync("m", "1", "new description", Ct);
        Assert.Equal("new description", updated.Description);
        Assert.Equal("s3://b/1", await store.GetModelVersionDownloadUriAsync("m", "1", Ct));

        await store.SetModelVersionTagAsync("m", "1", new ModelVersionTag("k", "v2"), Ct);
        await store.SetModelVersionTagAsync("m", "1", new ModelVersionTag("z", "1"), Ct);
        await store.DeleteModelVersionTagAsync("m", "1", "z", Ct);
        Assert.Equal([new ModelVersionTag("k", "v2")], (await store.GetModelVersionAsync("m", "1", Ct)).Tags);
    }

    [Fact]
    public async Task Stage_transitions_archive_existing_versions_and_feed_latest_versions()
    {
        await using var store = await OpenAsync();
        await store.CreateRegisteredModelAsync("m", ct: Ct);
        for (var i = 0; i < 4; i++) await store.CreateModelVersionAsync("m", $"src/{i + 1}", ct: Ct);
        await store.TransitionModelVersionStageAsync("m", "1", "production", false, Ct);
        await store.TransitionModelVersionStageAsync("m", "2", "Production", false, Ct);
        await store.TransitionModelVersionStageAsync("m", "3", "Staging", false, Ct);

        var latest = await store.GetLatestVersionsAsync("m", ct: Ct);
        Assert.Equal([("4", "None"), ("3", "Staging"), ("2", "Production")], latest.Select(v => (v.Version, v.CurrentStage)));
        Assert.Equal(["2"], (await store.GetLatestVersionsAsync("m", ["Production"], Ct)).Select(v => v.Version));
        Assert.Equal(latest.Select(v => v.Version), (await store.GetRegisteredModelAsync("m", Ct)).LatestVersions.Select(v => v.Version));

        var promoted = await store.TransitionModelVersionStageAsync("m", "4", "Production", true, Ct);
        Assert.Equal("Production", promoted.CurrentStage);
        Assert.Equal("Archived", (await store.GetModelVersionAsync("m", "1", Ct)).CurrentStage);
        Assert.Equal("Archived", (await store.GetModelVersionAsync("m", "2", Ct)).CurrentStage);
        Assert.Equal("Staging", (await store.GetModelVersionAsync("m", "3", Ct)).CurrentStage);

        var bad = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.TransitionModelVersionStageAsync("m", "1", "Prod", false, Ct));
        Assert.Equal("Invalid Model Version stage: Prod. Value must be one of None, Staging, Production, Archived.", bad.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.TransitionModelVersionStageAsync("m", "1", "None", true, Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetLatestVersionsAsync("m", ["Bogus"], Ct));
    }

    [Fact]
    public async Task Rename_moves_versions_tags_and_aliases_and_delete_cascades()
    {
        await using var store = await OpenAsync();
        await store.CreateRegisteredModelAsync("old", [new RegisteredModelTag("t", "1")], ct: Ct);
        await store.CreateModelVersionAsync("old", "a", tags: [new ModelVersionTag("vt", "1")], ct: Ct);
        await store.CreateModelVersionAsync("old", "b", ct: Ct);
        await store.SetRegisteredModelAliasAsync("old", "champion", "2", Ct);
        await store.CreateRegisteredModelAsync("taken", ct: Ct);

        await ThrowsGyre(ErrorCode.RESOURCE_ALREADY_EXISTS, () => store.RenameRegisteredModelAsync("old", "taken", Ct));
        var renamed = await store.RenameRegisteredModelAsync("old", "new", Ct);
        Assert.Equal("new", renamed.Name);
        Assert.Equal([new RegisteredModelAlias("champion", "2")], renamed.Aliases);
        Assert.Equal([new ModelVersionTag("vt", "1")], (await store.GetModelVersionAsync("new", "1", Ct)).Tags);
        Assert.Equal("new", (await store.GetModelVersionByAliasAsync("new", "champion", Ct)).Name);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetRegisteredModelAsync("old", Ct));

        await store.DeleteRegisteredModelAsync("new", Ct);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetRegisteredModelAsync("new", Ct));
        Assert.Empty((await store.SearchModelVersionsAsync("name = 'new'", ct: Ct)).Items);
        await store.CreateRegisteredModelAsync("new", ct: Ct);
        Assert.Equal("1", (await store.CreateModelVersionAsync("new", "c", ct: Ct)).Version);
        Assert.Empty((await store.GetRegisteredModelAsync("new", Ct)).Aliases);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteRegisteredModelAsync("never", Ct));
    }

    [Fact]
    public async Task Aliases_point_at_versions_and_follow_deletes()
    {
        await using var store = await OpenAsync();
        await store.CreateRegisteredModelAsync("m", ct: Ct);
        await store.CreateModelVersionAsync("m", "a", ct: Ct);
        await store.CreateModelVersionAsync("m", "b", ct: Ct);
        await store.SetRegisteredModelAliasAsync("m", "champ", "1", Ct);
        await store.SetRegisteredModelAliasAsync("m", "champ", "2", Ct);
        var v2 = await store.GetModelVersionByAliasAsync("m", "champ", Ct);
        Assert.Equal("2", v2.Version);
        Assert.Equal(["champ"], v2.Aliases);
        Assert.Empty((await store.GetModelVersionAsync("m", "1", Ct)).Aliases);

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SetRegisteredModelAliasAsync("m", "latest", "1", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SetRegisteredModelAliasAsync("m", "v3", "1", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SetRegisteredModelAliasAsync("m", "bad alias", "1", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.SetRegisteredModelAliasAsync("m", "x", "9", Ct));

        await store.DeleteModelVersionAsync("m", "2", Ct);
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetModelVersionByAliasAsync("m", "champ", Ct));
        Assert.Equal("Registered model alias champ not found.", e.Message);

        await store.SetRegisteredModelAliasAsync("m", "prod", "1", Ct);
        await store.DeleteRegisteredModelAliasAsync("m", "prod", Ct);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetModelVersionByAliasAsync("m", "prod", Ct));
    }

    [Fact]
    public async Task Search_registered_models_and_versions()
    {
        await using var store = await OpenAsync();
        var runA = await NewRunAsync(store);
        var runB = await NewRunAsync(store);
        foreach (var name in new[] { "fraud-v1", "fraud-v2", "Churn", "credit" })
            await store.CreateRegisteredModelAsync(name, name == "credit" ? [new RegisteredModelTag("team", "risk")] : null, ct: Ct);
        await store.CreateModelVersionAsync("fraud-v1", "s3://m/fraud/1", runA, [new ModelVersionTag("ok", "yes")], ct: Ct);
        await store.CreateModelVersionAsync("fraud-v1", "s3://m/fraud/2", runB, ct: Ct);
        await store.CreateModelVersionAsync("credit", "s3://m/credit/1", runA, ct: Ct);

        Assert.Equal(["fraud-v1", "fraud-v2"], (await store.SearchRegisteredModelsAsync("name LIKE 'fraud%'", ct: Ct)).Items.Select(m => m.Name));
        Assert.Equal(["Churn", "credit"], (await store.SearchRegisteredModelsAsync("name ILIKE 'c%'", ct: Ct)).Items.Select(m => m.Name));
        Assert.Equal(["credit"], (await store.SearchRegisteredModelsAsync("tags.team = 'risk'", ct: Ct)).Items.Select(m => m.Name));
        Assert.Equal(["fraud-v2", "fraud-v1", "credit", "Churn"],
            (await store.SearchRegisteredModelsAsync(orderBy: ["name DESC"], ct: Ct)).Items.Select(m => m.Name));

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await store.SearchRegisteredModelsAsync(maxResults: 3, pageToken: token, ct: Ct);
            names.AddRange(page.Items.Select(m => m.Name));
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(["Churn", "credit", "fraud-v1", "fraud-v2"], names);

        Assert.Equal([("fraud-v1", "2"), ("fraud-v1", "1")],
            (await store.SearchModelVersionsAsync("name = 'fraud-v1'", ct: Ct)).Items.Select(v => (v.Name, v.Version)));
        Assert.Equal([("credit", "1"), ("fraud-v1", "1")],
            (await store.SearchModelVersionsAsync($"run_id = '{runA}'", ct: Ct)).Items.Select(v => (v.Name, v.Version)));
        Assert.Equal(3, (await store.SearchModelVersionsAsync($"run_id IN ('{runA}', '{runB}')", ct: Ct)).Items.Count);
        Assert.Equal(["1"], (await store.SearchModelVersionsAsync("tags.ok = 'yes'", ct: Ct)).Items.Select(v => v.Version));
        Assert.Equal(["2"], (await store.SearchModelVersionsAsync("source_path LIKE '%/2' AND name = 'fraud-v1'", ct: Ct)).Items.Select(v => v.Version));
        Assert.Equal(["1"], (await store.SearchModelVersionsAsync("name = 'fraud-v1' AND version_number < 2", ct: Ct)).Items.Select(v => v.Version));

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRegisteredModelsAsync("owner = 'x'", ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchRegisteredModelsAsync(maxResults: 1001, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchModelVersionsAsync("metrics.x > 1", ct: Ct));
    }

    [Fact]
    public async Task Models_uris_resolve_by_version_stage_latest_and_alias()
    {
        await using var store = await OpenAsync();
        var resolver = new ModelUriResolver(store);
        await store.CreateRegisteredModelAsync("clf", ct: Ct);
        for (var i = 1; i <= 3; i++) await store.CreateModelVersionAsync("clf", $"s3://m/{i}", ct: Ct);
        await store.TransitionModelVersionStageAsync("clf", "1", "Production", false, Ct);
        await store.TransitionModelVersionStageAsync("clf", "2", "Production", false, Ct);
        await store.SetRegisteredModelAliasAsync("clf", "champion", "1", Ct);

        Assert.Equal("3", (await resolver.ResolveAsync("models:/clf/3", Ct)).Version);
        Assert.Equal("2", (await resolver.ResolveAsync("models:/clf/Production", Ct)).Version);
        Assert.Equal("2", (await resolver.ResolveAsync("models:/clf/production", Ct)).Version);
        Assert.Equal("3", (await resolver.ResolveAsync("models:/clf/latest", Ct)).Version);
        Assert.Equal("1", (await resolver.ResolveAsync("models:/clf@champion", Ct)).Version);
        Assert.Equal("s3://m/1", await resolver.ResolveDownloadUriAsync("models:/clf@champion", Ct));

        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => resolver.ResolveAsync("models:/clf/Staging", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => resolver.ResolveAsync("models:/clf/9", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => resolver.ResolveAsync("models:/other/1", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => resolver.ResolveAsync("models:/clf", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => resolver.ResolveAsync("runs:/abc/model", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => resolver.ResolveAsync("models:/clf/1/extra", Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => resolver.ResolveAsync("models:/clf/Bogus", Ct));
    }
}
