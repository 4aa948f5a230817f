using System.Text.RegularExpressions;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Tests.Stores;

public abstract class RunStoreTests : ExperimentStoreTests
{
    [Fact]
    public async Task Create_run_sets_id_name_tag_status_and_artifact_uri()
    {
        await using var store = await OpenAsync();
        var expId = await store.CreateExperimentAsync("runs", ct: Ct);
        var run = await store.CreateRunAsync(expId, "bob", 1234, [new RunTag("source", "test")], null, Ct);
        Assert.Matches(new Regex("^[0-9a-f]{32}$"), run.Info.RunId);
        Assert.Equal(run.Info.RunId, run.Info.RunUuid);
        Assert.Matches(new Regex("^[a-z]+-[a-z]+-\\d{1,3}$"), run.Info.RunName);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal(1234, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal("bob", run.Info.UserId);
        Assert.Equal($"{ArtifactRoot}/{expId}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);

        var fetched = await store.GetRunAsync(run.Info.RunId, Ct);
        Assert.Equal(run.Info, fetched.Info);
        Assert.Contains(new RunTag("mlflow.runName", run.Info.RunName), fetched.Data.Tags);
        Assert.Contains(new RunTag("source", "test"), fetched.Data.Tags);
    }

    [Fact]
    public async Task Run_name_and_runName_tag_stay_in_sync()
    {
        await using var store = await OpenAsync();
        var fromTag = await store.CreateRunAsync("0", tags: [new RunTag("mlflow.runName", "tagged")], ct: Ct);
        Assert.Equal("tagged", fromTag.Info.RunName);
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE,
            () => store.CreateRunAsync("0", tags: [new RunTag("mlflow.runName", "a")], runName: "b", ct: Ct));
        Assert.Contains("Both 'run_name' argument and 'mlflow.runName' tag are specified", e.Message);

        var id = await NewRunAsync(store, name: "first");
        await store.UpdateRunInfoAsync(id, runName: "second", ct: Ct);
        var run = await store.GetRunAsync(id, Ct);
        Assert.Equal("second", run.Info.RunName);
        Assert.Contains(new RunTag("mlflow.runName", "second"), run.Data.Tags);

        await store.SetTagAsync(id, new RunTag("mlflow.runName", "third"), Ct);
        Assert.Equal("third", (await store.GetRunAsync(id, Ct)).Info.RunName);
        await store.LogBatchAsync(id, tags: [new RunTag("mlflow.runName", "fourth")], ct: Ct);
        Assert.Equal("fourth", (await store.GetRunAsync(id, Ct)).Info.RunName);
    }

    [Fact]
    public async Task Update_run_info_sets_status_and_end_time()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        var info = await store.UpdateRunInfoAsync(id, RunStatus.Finished, 5000, ct: Ct);
        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(5000, info.EndTime);
        Assert.Equal(info, (await store.GetRunAsync(id, Ct)).Info);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.UpdateRunInfoAsync("0123456789abcdef0123456789abcdef", RunStatus.Failed, ct: Ct));
    }

    [Fact]
    public async Task Deleted_runs_can_be_read_and_restored_but_not_written()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        await store.DeleteRunAsync(id, Ct);
        Assert.Equal(LifecycleStage.Deleted, (await store.GetRunAsync(id, Ct)).Info.LifecycleStage);
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogMetricAsync(id, new Metric("m", 1, 1, 0), Ct));
        Assert.Equal($"The run {id} must be in the 'active' state. Current state is deleted.", e.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.SetTagAsync(id, new RunTag("t", "v"), Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogParamAsync(id, new Param("p", "v"), Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.UpdateRunInfoAsync(id, RunStatus.Finished, ct: Ct));
        Assert.DoesNotContain((await store.SearchRunsAsync(["0"], ct: Ct)).Items, r => r.Info.RunId == id);
        Assert.Contains((await store.SearchRunsAsync(["0"], viewType: ViewType.DeletedOnly, ct: Ct)).Items, r => r.Info.RunId == id);

        await store.RestoreRunAsync(id, Ct);
        await store.LogMetricAsync(id, new Metric("m", 1, 1, 0), Ct);
        Assert.Equal(LifecycleStage.Active, (await store.GetRunAsync(id, Ct)).Info.LifecycleStage);
    }

    [Fact]
    public async Task Unknown_runs_are_not_found()
    {
        await using var store = await OpenAsync();
        const string missing = "0123456789abcdef0123456789abcdef";
        var e = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetRunAsync(missing, Ct));
        Assert.Equal($"Run with id={missing} not found", e.Message);
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.LogMetricAsync(missing, new Metric("m", 1, 1, 0), Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteRunAsync(missing, Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.GetMetricHistoryAsync(missing, "m", ct: Ct));
        await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.CreateRunAsync("777", ct: Ct));
    }

    [Fact]
    public async Task Metrics_keep_history_and_latest_is_max_step_then_timestamp_then_value()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        await store.LogMetricAsync(id, new Metric("loss", 0.5, 100, 2), Ct);
        await store.LogMetricAsync(id, new Metric("loss", 0.9, 999, 1), Ct);   // later time, earlier step
        await store.LogMetricAsync(id, new Metric("loss", 0.4, 100, 2), Ct);   // same step+time, smaller value
        await store.LogMetricAsync(id, new Metric("loss", 0.5, 100, 2), Ct);   // exact repeat: ignored
        await store.LogMetricAsync(id, new Metric("acc", 0.1, 5, 0), Ct);
        await store.LogMetricAsync(id, new Metric("acc", 0.2, 6, 0), Ct);      // same step, later time wins

        var run = await store.GetRunAsync(id, Ct);
        Assert.Equal([new Metric("acc", 0.2, 6, 0), new Metric("loss", 0.5, 100, 2)], run.Data.Metrics);

        var history = await store.GetMetricHistoryAsync(id, "loss", ct: Ct);
        Assert.Equal([new Metric("loss", 0.4, 100, 2), new Metric("loss", 0.5, 100, 2), new Metric("loss", 0.9, 999, 1)], history.Items);
        Assert.Null(history.NextPageToken);
        Assert.Empty((await store.GetMetricHistoryAsync(id, "unknown", ct: Ct)).Items);
    }

    [Fact]
    public async Task NaN_and_infinite_metrics_are_stored_as_mlflow_does()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        await store.LogBatchAsync(id, metrics:
        [
            new Metric("nan", double.NaN, 1, 0),
            new Metric("pinf", double.PositiveInfinity, 1, 0),
            new Metric("ninf", double.NegativeInfinity, 1, 0),
        ], ct: Ct);
        var metrics = (await store.GetRunAsync(id, Ct)).Data.Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.True(double.IsNaN(metrics["nan"]));
        Assert.Equal(double.MaxValue, metrics["pinf"]);
        Assert.Equal(double.MinValue, metrics["ninf"]);
        Assert.True(double.IsNaN((await store.GetMetricHistoryAsync(id, "nan", ct: Ct)).Items.Single().Value));
    }

    [Fact]
    public async Task Params_are_immutable_but_relogging_the_same_value_is_fine()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        await store.LogParamAsync(id, new Param("lr", "0.1"), Ct);
        await store.LogParamAsync(id, new Param("lr", "0.1"), Ct);
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogParamAsync(id, new Param("lr", "0.2"), Ct));
        Assert.Equal($"Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' for run ID='{id}'. Attempted logging new value '0.2'.", e.Message);
        var batch = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id, @params: [new Param("lr", "0.3")], ct: Ct));
        Assert.Equal($"Changing param values is not allowed. Params were already logged='[{{'key': 'lr', 'old_value': '0.1', 'new_value': '0.3'}}]' for run ID='{id}'.", batch.Message);
        await store.LogBatchAsync(id, @params: [new Param("lr", "0.1"), new Param("epochs", "3")], ct: Ct);
        Assert.Equal([new Param("epochs", "3"), new Param("lr", "0.1")], (await store.GetRunAsync(id, Ct)).Data.Params);
    }

    [Fact]
    public async Task Tags_overwrite_and_delete()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store, name: "r");
        await store.SetTagAsync(id, new RunTag("stage", "a"), Ct);
        await store.SetTagAsync(id, new RunTag("stage", "b"), Ct);
        Assert.Contains(new RunTag("stage", "b"), (await store.GetRunAsync(id, Ct)).Data.Tags);
        await store.DeleteTagAsync(id, "stage", Ct);
        Assert.DoesNotContain((await store.GetRunAsync(id, Ct)).Data.Tags, t => t.Key == "stage");
        var e = await ThrowsGyre(ErrorCode.RESOURCE_DOES_NOT_EXIST, () => store.DeleteTagAsync(id, "stage", Ct));
        Assert.Equal($"No tag with name: stage in run with id {id}", e.Message);
    }

    [Fact]
    public async Task Log_batch_is_all_or_nothing()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store, name: "atomic");
        await store.LogParamAsync(id, new Param("fixed", "1"), Ct);
        var before = await store.GetRunAsync(id, Ct);

        // The param conflict is found inside the transaction after the metrics were inserted: the
        // whole batch must roll back. The other two fail validation before any write.
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id,
            metrics: [new Metric("m", 1, 1, 1)],
            @params: [new Param("new", "x"), new Param("fixed", "2")],
            tags: [new RunTag("t", "v")], ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id,
            metrics: [new Metric("m", 1, 1, 1), new Metric("bad/../name", 1, 1, 1)],
            tags: [new RunTag("t", "v")], ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id,
            metrics: [new Metric("m", 1, 1, 1)],
            tags: [new RunTag("t", new string('v', 8001))], ct: Ct));

        var after = await store.GetRunAsync(id, Ct);
        Assert.Equal(before, after with { Data = after.Data }, RunComparer.Instance);
        Assert.Equal(before.Data.Params, after.Data.Params);
        Assert.Equal(before.Data.Tags, after.Data.Tags);
        Assert.Empty(after.Data.Metrics);
        Assert.Empty((await store.GetMetricHistoryAsync(id, "m", ct: Ct)).Items);
    }

    [Fact]
    public async Task Log_batch_enforces_mlflow_limits_with_its_messages()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        var metrics = Enumerable.Range(0, 1001).Select(i => new Metric("m", i, i, i)).ToList();
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id, metrics: metrics, ct: Ct));
        Assert.Equal("A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.", e.Message);
        var @params = Enumerable.Range(0, 101).Select(i => new Param($"p{i}", "v")).ToList();
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id, @params: @params, ct: Ct));
        var tags = Enumerable.Range(0, 101).Select(i => new RunTag($"t{i}", "v")).ToList();
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id, tags: tags, ct: Ct));
        var total = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id,
            metrics: metrics.Take(950).ToList(), @params: @params.Take(50).ToList(), tags: tags.Take(1).ToList(), ct: Ct));
        Assert.Contains("at most 1000 metrics, params, and tags", total.Message);

        var longKey = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogParamAsync(id, new Param(new string('k', 251), "v"), Ct));
        Assert.Contains("had length 251, which exceeded length limit of 250", longKey.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogParamAsync(id, new Param("p", new string('v', 6001)), Ct));
        await store.LogParamAsync(id, new Param("p", new string('v', 6000)), Ct);
        await store.SetTagAsync(id, new RunTag("t", new string('v', 8000)), Ct);
        var dup = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE,
            () => store.LogBatchAsync(id, @params: [new Param("a", "1"), new Param("a", "1")], ct: Ct));
        Assert.Equal("Duplicate parameter keys have been submitted: ['a']. Please ensure the request contains only one param value per param key.", dup.Message);
        var badName = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogMetricAsync(id, new Metric("a*b", 1, 1, 0), Ct));
        Assert.StartsWith("Invalid metric name: 'a*b'.", badName.Message);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogMetricAsync(id, new Metric("ok", 1, -1, 0), Ct));
    }

    [Fact]
    public async Task Log_batch_writes_everything_in_one_call()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store, name: "b");
        await store.LogBatchAsync(id,
            metrics: Enumerable.Range(0, 997).Select(i => new Metric("x", i, 10 + i, i)).ToList(),
            @params: [new Param("a", "1")],
            tags: [new RunTag("t", "1"), new RunTag("t", "2")], ct: Ct);
        var run = await store.GetRunAsync(id, Ct);
        Assert.Equal(new Metric("x", 996, 1006, 996), run.Data.Metrics.Single());
        Assert.Contains(new RunTag("t", "2"), run.Data.Tags);
        Assert.Equal(997, (await store.GetMetricHistoryAsync(id, "x", ct: Ct)).Items.Count);
    }

    [Fact]
    public async Task Log_batch_with_many_keys_keeps_every_row_and_each_keys_newest_value()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store, name: "wide");
        // 150 keys x 3 steps, steps out of order in the batch, one exact repeat and one NaN: more rows and
        // more distinct keys than one multi-row statement holds.
        var metrics = new List<Metric>();
        foreach (var step in new[] { 1, 2, 0 })
            for (var k = 0; k < 150; k++) metrics.Add(new Metric($"k{k:D3}", k + step * 0.5, 100 + step, step));
        metrics.Add(new Metric("k000", 0.5, 101, 1));
        metrics.Add(new Metric("k149", double.NaN, 102, 2));
        await store.LogBatchAsync(id, metrics: metrics, ct: Ct);
        // A later, older-step batch does not move the latest values back.
        await store.LogBatchAsync(id, metrics: Enumerable.Range(0, 150).Select(k => new Metric($"k{k:D3}", -1, 999, 0)).ToList(), ct: Ct);

        var latest = (await store.GetRunAsync(id, Ct)).Data.Metrics.ToDictionary(m => m.Key);
        Assert.Equal(150, latest.Count);
        Assert.Equal(new Metric("k007", 8, 102, 2), latest["k007"]);
        // Same step and timestamp: the larger value wins, and NaN is stored as 0 (below 150.0).
        Assert.Equal(new Metric("k149", 150, 102, 2), latest["k149"]);
        var history = (await store.GetMetricHistoryAsync(id, "k000", ct: Ct)).Items;
        Assert.Equal(4, history.Count); // steps 0, 1, 2 and the step-0 value of the second batch; the repeat is not stored twice
        Assert.Equal(5, (await store.GetMetricHistoryAsync(id, "k149", ct: Ct)).Items.Count);
    }

    [Fact]
    public async Task Relogging_a_wide_param_batch_with_one_changed_value_fails_whole_and_names_it()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store, name: "params");
        var @params = Enumerable.Range(0, 100).Select(i => new Param($"p{i:D2}", $"v{i}")).ToList();
        await store.LogBatchAsync(id, @params: @params, ct: Ct);
        await store.LogBatchAsync(id, @params: @params, ct: Ct); // same values again: fine

        // 99 of the old keys (p70 with another value) and one new key: still at most 100 params.
        var changed = @params.Take(99).Select(p => p.Key == "p70" ? p with { Value = "other" } : p).Append(new Param("new", "x")).ToList();
        var e = await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.LogBatchAsync(id, @params: changed, ct: Ct));
        Assert.Contains("{'key': 'p70', 'old_value': 'v70', 'new_value': 'other'}", e.Message);
        Assert.DoesNotContain("p69", e.Message);
        var stored = (await store.GetRunAsync(id, Ct)).Data.Params;
        Assert.Equal(100, stored.Count);
        Assert.DoesNotContain(stored, p => p.Key == "new");
        Assert.Contains(new Param("p70", "v70"), stored);
    }

    [Fact]
    public async Task Log_inputs_deduplicates_datasets_and_keeps_input_tags()
    {
        await using var store = await OpenAsync();
        var a = await NewRunAsync(store, name: "a");
        var b = await NewRunAsync(store, name: "b");
        var ds = new Dataset("iris", "abc123", "local", "{\"uri\": \"/data/iris.csv\"}", "{\"cols\": 4}", "{\"rows\": 150}");
        var input = new DatasetInput([new InputTag("mlflow.data.context", "training")], ds);
        await store.LogInputsAsync(a, [input], Ct);
        await store.LogInputsAsync(a, [input with { Tags = [new InputTag("mlflow.data.context", "eval")] }], Ct);
        await store.LogInputsAsync(b, [new DatasetInput([new InputTag("mlflow.data.context", "eval")], ds)], Ct);

        var runA = await store.GetRunAsync(a, Ct);
        var only = Assert.Single(runA.Inputs.DatasetInputs);
        Assert.Equal(ds, only.Dataset);
        Assert.Equal([new InputTag("mlflow.data.context", "training")], only.Tags);
        Assert.Equal(ds, Assert.Single((await store.GetRunAsync(b, Ct)).Inputs.DatasetInputs).Dataset);

        var training = await store.SearchRunsAsync(["0"], "datasets.context = 'training'", ct: Ct);
        Assert.Equal([a], training.Items.Select(r => r.Info.RunId));
        var byName = await store.SearchRunsAsync(["0"], "datasets.name = 'iris' AND datasets.digest = 'abc123'", orderBy: ["attributes.run_name"], ct: Ct);
        Assert.Equal([a, b], byName.Items.Select(r => r.Info.RunId));

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE,
            () => store.LogInputsAsync(a, [new DatasetInput([], ds with { Digest = new string('d', 37) })], Ct));
    }

    [Fact]
    public async Task Metric_history_pages_with_opaque_tokens()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        var expected = Enumerable.Range(0, 10).Select(i => new Metric("m", i * 0.5, 1000 + i, i)).ToList();
        await store.LogBatchAsync(id, metrics: expected.AsEnumerable().Reverse().ToList(), ct: Ct);
        var seen = new List<Metric>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.GetMetricHistoryAsync(id, "m", 3, token, Ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items);
            token = page.NextPageToken;
            pages++;
        } while (token is not null);
        Assert.Equal(expected, seen);
        Assert.Equal(4, pages);

        // MLflow-style offset-only tokens work too.
        var fromOffset = await store.GetMetricHistoryAsync(id, "m", 2, Tracking.Paging.PageToken.Create(8), Ct);
        Assert.Equal(expected.Skip(8), fromOffset.Items);
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetMetricHistoryAsync(id, "m", 2, "not base64!", Ct));
    }

    [Fact]
    public async Task Bulk_interval_samples_steps_like_mlflow()
    {
        await using var store = await OpenAsync();
        var a = await NewRunAsync(store);
        var b = await NewRunAsync(store);
        await store.LogBatchAsync(a, metrics: Enumerable.Range(0, 100).Select(i => new Metric("m", i, i, i)).ToList(), ct: Ct);
        await store.LogBatchAsync(b, metrics: Enumerable.Range(0, 13).Select(i => new Metric("m", i, i, i * 3 + 1)).ToList(), ct: Ct);

        var onlyA = await store.GetMetricHistoryBulkIntervalAsync([a], "m", maxResults: 10, ct: Ct);
        // 100 steps, 10 wanted: every 10th step from the start, plus the last step.
        Assert.Equal([0L, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99], onlyA.Select(m => m.Step));
        Assert.All(onlyA, m => Assert.Equal(a, m.RunId));

        var both = await store.GetMetricHistoryBulkIntervalAsync([a, b], "m", 10, 40, 1000, Ct);
        Assert.Equal(Enumerable.Range(10, 31).Select(i => (long)i), both.Where(m => m.RunId == a).Select(m => m.Step));
        Assert.Equal([10L, 13, 16, 19, 22, 25, 28, 31, 34, 37], both.Where(m => m.RunId == b).Select(m => m.Step));

        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetMetricHistoryBulkIntervalAsync([a], "m", 5, null, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetMetricHistoryBulkIntervalAsync([a], "m", 5, 1, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE, () => store.GetMetricHistoryBulkIntervalAsync([a], "m", maxResults: 2501, ct: Ct));
        await ThrowsGyre(ErrorCode.INVALID_PARAMETER_VALUE,
            () => store.GetMetricHistoryBulkIntervalAsync(Enumerable.Repeat(a, 101).ToList(), "m", ct: Ct));
    }

    [Fact]
    public async Task A_million_metric_points_log_and_page_back_in_order()
    {
        await using var store = await OpenAsync();
        var id = await NewRunAsync(store);
        const int total = 1_000_000;
        const int batch = 1000;
        for (var start = 0; start < total; start += batch)
        {
            var metrics = new Metric[batch];
            for (var i = 0; i < batch; i++) metrics[i] = new Metric("loss", (start + i) * 1e-6, 1_700_000_000_000 + start + i, start + i);
            await store.LogBatchAsync(id, metrics: metrics, ct: Ct);
        }
        long expectedStep = 0;
        string? token = null;
        do
        {
            var page = await store.GetMetricHistoryAsync(id, "loss", 25_000, token, Ct);
            foreach (var m in page.Items) Assert.Equal(expectedStep++, m.Step);
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(total, expectedStep);
        Assert.Equal(total - 1, (await store.GetRunAsync(id, Ct)).Data.Metrics.Single().Step);
    }
}

/// <summary>Compares runs by info only (data is compared field by field in the tests).</summary>
internal sealed class RunComparer : IEqualityComparer<Run>
{
    public static RunComparer Instance { get; } = new();
    public bool Equals(Run? x, Run? y) => x?.Info == y?.Info;
    public int GetHashCode(Run obj) => obj.Info.GetHashCode();
}
