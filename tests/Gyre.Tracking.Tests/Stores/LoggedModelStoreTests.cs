using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Registry;
using Gyre.Tracking.Stores;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>MLflow 3 logged models: lifecycle, tags, params, linked metrics, run outputs, search and registration.</summary>
public abstract class LoggedModelStoreTests : DurabilityStoreTests
{
    [Fact]
    public async Task Logged_model_is_created_pending_under_the_experiment_artifact_location_and_finalized_ready()
    {
        await using var store = await OpenAsync();
        var exp = await store.CreateExperimentAsync("lm", ct: Ct);
        var runId = await NewRunAsync(store, exp);
        var created = await store.CreateLoggedModelAsync(exp, "clf", "Classifier", runId,
            [new LoggedModelParameter("alpha", "0.5")], [new LoggedModelTag("team", "ds")], Ct);

        Assert.Matches("^m-[0-9a-f]{32}$", created.Info.ModelId);
        Assert.Equal(exp, created.Info.ExperimentId);
        Assert.Equal("clf", created.Info.Name);
        Assert.Equal("Classifier", created.Info.ModelType);
        Assert.Equal(runId, created.Info.SourceRunId);
        Assert.Equal(LoggedModelStatus.Pending, created.Info.Status);
        Assert.Equal($"{ArtifactRoot}/{exp}/models/{created.Info.ModelId}/artifacts", created.Info.ArtifactLocation);
        Assert.Equal([new LoggedModelParameter("alpha", "0.5")], created.Data.Params);
        Assert.Equal([new LoggedModelTag("team", "ds")], created.Info.Tags);
        Assert.Equal(created.Info.CreationTimestampMs, created.Info.LastUpdatedTimestampMs);

        var ready = await store.FinalizeLoggedModelAsync(created.Info.ModelId, LoggedModelStatus.Ready, Ct);
        Assert.Equal(LoggedModelStatus.Ready, ready.Info.Status);
        Assert.Equal(LoggedModelStatus.Ready, (await store.GetLoggedModelAsync(created.Info.ModelId, ct: Ct)).Info.Status);

        var unnamed = await store.CreateLoggedModelAsync(exp, ct: Ct);
        Assert.False(string.IsNullOrEmpty(unnamed.Info.Name));
        Assert.NotEqual(created.Info.ModelId, unnamed.Info.ModelId);
    }

    [Fact]
    public async Task Logged_model_rejects_bad_input_and_unknown_ids_without_writing()
    {
        await using var store = await OpenAsync();
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateLoggedModelAsync("0", "a/b", ct: Ct));
        Assert.Contains("Invalid model name", e.Message);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.CreateLoggedModelAsync("424242", ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateLoggedModelAsync("0", "ok", tags: [new LoggedModelTag("", "v")], ct: Ct));
        var deletedExp = await store.CreateExperimentAsync("gone", ct: Ct);
        await store.DeleteExperimentAsync(deletedExp, Ct);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.CreateLoggedModelAsync(deletedExp, ct: Ct));
        Assert.Empty((await store.SearchLoggedModelsAsync(["0", deletedExp], ct: Ct)).Items);

        var missing = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetLoggedModelAsync("m-00000000000000000000000000000000", ct: Ct));
        Assert.Equal("Logged model with ID 'm-00000000000000000000000000000000' not found.", missing.Message);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.FinalizeLoggedModelAsync("m-x", LoggedModelStatus.Ready, Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.SetLoggedModelTagsAsync("m-x", [new LoggedModelTag("k", "v")], Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteLoggedModelAsync("m-x", Ct));

        // A param conflict inside one call leaves nothing behind.
        var model = await store.CreateLoggedModelAsync("0", "p", @params: [new LoggedModelParameter("a", "1")], ct: Ct);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogLoggedModelParamsAsync(model.Info.ModelId,
            [new LoggedModelParameter("b", "2"), new LoggedModelParameter("a", "changed")], Ct));
        Assert.Equal([new LoggedModelParameter("a", "1")], (await store.GetLoggedModelAsync(model.Info.ModelId, ct: Ct)).Data.Params);
        await store.LogLoggedModelParamsAsync(model.Info.ModelId, [new LoggedModelParameter("a", "1"), new LoggedModelParameter("b", "2")], Ct);
        Assert.Equal(["a", "b"], (await store.GetLoggedModelAsync(model.Info.ModelId, ct: Ct)).Data.Params.Select(p => p.Key));
    }

    [Fact]
    public async Task Tags_are_set_overwritten_and_deleted_and_deleted_models_disappear()
    {
        await using var store = await OpenAsync();
        var id = (await store.CreateLoggedModelAsync("0", "t", tags: [new LoggedModelTag("a", "1")], ct: Ct)).Info.ModelId;
        await store.SetLoggedModelTagsAsync(id, [new LoggedModelTag("a", "2"), new LoggedModelTag("b", "3")], Ct);
        Assert.Equal([new LoggedModelTag("a", "2"), new LoggedModelTag("b", "3")], (await store.GetLoggedModelAsync(id, ct: Ct)).Info.Tags);
        await store.DeleteLoggedModelTagAsync(id, "a", Ct);
        Assert.Equal([new LoggedModelTag("b", "3")], (await store.GetLoggedModelAsync(id, ct: Ct)).Info.Tags);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteLoggedModelTagAsync(id, "a", Ct));

        await store.DeleteLoggedModelAsync(id, Ct);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetLoggedModelAsync(id, ct: Ct));
        var deleted = await store.GetLoggedModelAsync(id, allowDeleted: true, ct: Ct);
        Assert.Equal(LifecycleStage.Deleted, deleted.Info.LifecycleStage);
        Assert.Empty((await store.SearchLoggedModelsAsync(["0"], ct: Ct)).Items);
    }

    [Fact]
    public async Task Metrics_naming_a_model_are_linked_to_it_and_outputs_appear_on_the_run()
    {
        await using var store = await OpenAsync();
        var runId = await NewRunAsync(store);
        var id = (await store.CreateLoggedModelAsync("0", "m", sourceRunId: runId, ct: Ct)).Info.ModelId;
        await store.LogMetricAsync(runId, new Metric("acc", 0.9, 10, 1) { ModelId = id, DatasetName = "test", DatasetDigest = "abc" }, Ct);
        await store.LogBatchAsync(runId, [new Metric("loss", 0.2, 11, 1) { ModelId = id }, new Metric("plain", 1, 11, 0)], ct: Ct);

        var model = await store.GetLoggedModelAsync(id, ct: Ct);
        Assert.Equal(
            [new LoggedModelMetric(id, "acc", 0.9, 10, 1, runId, "test", "abc"), new LoggedModelMetric(id, "loss", 0.2, 11, 1, runId, null, null)],
            model.Data.Metrics);
        Assert.Equal(["acc", "loss", "plain"], (await store.GetRunAsync(runId, Ct)).Data.Metrics.Select(m => m.Key));

        // A metric naming an unknown model fails the whole batch.
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () =>
            store.LogBatchAsync(runId, [new Metric("x", 1, 12, 0), new Metric("y", 1, 12, 0) { ModelId = "m-unknown" }], ct: Ct));
        Assert.DoesNotContain((await store.GetRunAsync(runId, Ct)).Data.Metrics, m => m.Key == "x");

        await store.LogOutputsAsync(runId, [new ModelOutput(id, 3)], Ct);
        await store.LogOutputsAsync(runId, [new ModelOutput(id, 3)], Ct);
        Assert.Equal([new ModelOutput(id, 3)], (await store.GetRunAsync(runId, Ct)).Outputs.ModelOutputs);
        await store.LogInputsAsync(runId, [], [new ModelInput(id)], Ct);
        Assert.Equal([new ModelInput(id)], (await store.GetRunAsync(runId, Ct)).Inputs.ModelInputs);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.LogOutputsAsync(runId, [new ModelOutput("m-unknown", 0)], Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.LogOutputsAsync("no-such-run", [new ModelOutput(id, 0)], Ct));
    }

    [Fact]
    public async Task Search_filters_orders_and_pages_logged_models()
    {
        await using var store = await OpenAsync();
        var exp = await store.CreateExperimentAsync("search-lm", ct: Ct);
        var runId = await NewRunAsync(store, exp);
        var ids = new List<string>();
        foreach (var (name, acc, type) in new[] { ("a", 0.7, "clf"), ("b", 0.9, "clf"), ("c", 0.8, "reg") })
        {
            var id = (await store.CreateLoggedModelAsync(exp, name, type, @params: [new LoggedModelParameter("depth", name == "a" ? "3" : "5")],
                tags: [new LoggedModelTag("stage", name)], ct: Ct)).Info.ModelId;
            await store.LogMetricAsync(runId, new Metric("acc", acc, 100, 0) { ModelId = id, DatasetName = "eval" }, Ct);
            await store.LogMetricAsync(runId, new Metric("acc", 1 - acc, 100, 0) { ModelId = id, DatasetName = "train" }, Ct);
            ids.Add(id);
        }
        await store.FinalizeLoggedModelAsync(ids[1], LoggedModelStatus.Ready, Ct);

        async Task<List<string>> Names(string? filter = null, IReadOnlyList<LoggedModelDatasetFilter>? datasets = null, IReadOnlyList<LoggedModelOrderBy>? orderBy = null) =>
            (await store.SearchLoggedModelsAsync([exp], filter, datasets, null, orderBy, null, Ct)).Items.Select(m => m.Info.Name).ToList();

        Assert.Equal(["a", "b"], (await Names(orderBy: [new LoggedModelOrderBy("name")])).Where(n => n != "c"));
        Assert.Equal(["b"], await Names("metrics.acc > 0.85", [new LoggedModelDatasetFilter("eval", null)]));
        Assert.Equal(["a", "c"], (await Names("metrics.acc > 0.15", [new LoggedModelDatasetFilter("train", null)])).Order());
        Assert.Equal(["a", "b"], (await Names("model_type = 'clf'")).Order());
        Assert.Equal(["b"], await Names("status = 'READY'"));
        Assert.Equal(["b", "c"], (await Names("params.depth = '5'")).Order());
        Assert.Equal(["c"], await Names("tags.stage = 'c' AND name LIKE 'c%'"));
        Assert.Equal(["b", "c", "a"], await Names(orderBy: [new LoggedModelOrderBy("metrics.acc", false, "eval")]));
        Assert.Equal(["a", "c", "b"], await Names(orderBy: [new LoggedModelOrderBy("metrics.acc", true, "eval")]));

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => Names("attributes.bogus = 1"));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => Names("metrics.acc > 'x'"));
        var onlyMetrics = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => Names(orderBy: [new LoggedModelOrderBy("params.depth")]));
        Assert.Equal("Invalid order by field name: params.depth. Only metrics are supported.", onlyMetrics.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => Names(orderBy: [new LoggedModelOrderBy("bogus")]));
        // Datasets without a metric filter keep only models with metrics on those datasets.
        var plain = (await store.CreateLoggedModelAsync(exp, "no-metrics", ct: Ct)).Info.ModelId;
        Assert.Equal(["a", "b", "c"], (await Names(datasets: [new LoggedModelDatasetFilter("eval", null)])).Order());
        Assert.Empty(await Names(datasets: [new LoggedModelDatasetFilter("other", null)]));
        await store.DeleteLoggedModelAsync(plain, Ct);

        var order = new[] { new LoggedModelOrderBy("name") };
        var first = await store.SearchLoggedModelsAsync([exp], maxResults: 2, orderBy: order, ct: Ct);
        Assert.Equal(["a", "b"], first.Items.Select(m => m.Info.Name));
        Assert.NotNull(first.NextPageToken);
        var second = await store.SearchLoggedModelsAsync([exp], maxResults: 2, orderBy: order, pageToken: first.NextPageToken, ct: Ct);
        Assert.Equal(["c"], second.Items.Select(m => m.Info.Name));
        Assert.Null(second.NextPageToken);
        // A token only works for the search that made it.
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchLoggedModelsAsync([exp], "name = 'a'", maxResults: 2, orderBy: order, pageToken: first.NextPageToken, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchLoggedModelsAsync([exp], pageToken: "not base64!", ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SearchLoggedModelsAsync([exp], maxResults: 0, ct: Ct));
    }

    [Fact]
    public async Task Versions_registered_from_a_logged_model_resolve_to_its_artifact_location()
    {
        await using var store = await OpenAsync();
        var runId = await NewRunAsync(store);
        var model = await store.CreateLoggedModelAsync("0", "net", sourceRunId: runId, ct: Ct);
        var id = model.Info.ModelId;
        await store.CreateRegisteredModelAsync("net", ct: Ct);
        // An entry another client wrote (version as a string) is kept; Python's json.dumps spelling throughout.
        await store.SetLoggedModelTagsAsync(id, [new LoggedModelTag(SqlStore.ModelVersionsTag, "[{\"name\":\"élan\",\"version\":\"7\"}]")], Ct);
        var v1 = await store.CreateModelVersionAsync("net", $"models:/{id}", null, null, null, null, id, Ct);
        Assert.Equal(id, v1.ModelId);
        Assert.Equal($"models:/{id}", v1.Source);
        Assert.Equal(runId, v1.RunId);
        Assert.Equal(model.Info.ArtifactLocation, await store.GetModelVersionDownloadUriAsync("net", "1", Ct));
        await store.CreateModelVersionAsync("net", $"models:/{id}", runId, null, null, null, id, Ct);

        var tag = (await store.GetLoggedModelAsync(id, ct: Ct)).Info.Tags.Single(t => t.Key == SqlStore.ModelVersionsTag);
        Assert.Equal("[{\"name\": \"\\u00e9lan\", \"version\": \"7\"}, {\"name\": \"net\", \"version\": 1}, {\"name\": \"net\", \"version\": 2}]", tag.Value);

        // A version registered from another version keeps that version's files.
        await store.CreateRegisteredModelAsync("copy", ct: Ct);
        await store.CreateModelVersionAsync("copy", "models:/net/1", ct: Ct);
        Assert.Equal(model.Info.ArtifactLocation, await store.GetModelVersionDownloadUriAsync("copy", "1", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.CreateModelVersionAsync("copy", "models:/net/9", ct: Ct));

        var resolver = new ModelUriResolver(store);
        Assert.Equal(model.Info.ArtifactLocation, await resolver.ResolveDownloadUriAsync("models:/net/1", Ct));
        Assert.Equal(model.Info.ArtifactLocation, await resolver.ResolveDownloadUriAsync($"models:/{id}", Ct));
        Assert.Equal(id, (await resolver.ResolveLoggedModelAsync($"models:/{id}", Ct)).Info.ModelId);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => resolver.ResolveDownloadUriAsync("models:/m-unknown", Ct));

        // Registering from an unknown logged model writes no version.
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.CreateModelVersionAsync("net", "models:/m-unknown", null, null, null, null, "m-unknown", Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetModelVersionAsync("net", "3", Ct));
    }
}
