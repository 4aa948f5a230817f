using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

public sealed class RunApiTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    private async Task<string> NewExperimentAsync() => await _api.CreateExperimentAsync("runs-" + Guid.NewGuid().ToString("N")[..8]);

    private async Task<JsonElement> GetRunAsync(string runId) =>
        (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");

    [Fact]
    public async Task Create_run_answers_MLflow_run_shape()
    {
        var experimentId = await NewExperimentAsync();
        var created = await _api.OkAsync(_api.PostAsync("runs/create",
            $$"""{"experiment_id": "{{experimentId}}", "user_id": "ana", "start_time": 1700000000123, "run_name": "first", "tags": [{"key": "mlflow.source.name", "value": "train.py"}]}"""));
        var info = created.GetProperty("run").GetProperty("info");
        var runId = info.GetProperty("run_id").GetString()!;
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal(experimentId, info.GetProperty("experiment_id").GetString());
        Assert.Equal("first", info.GetProperty("run_name").GetString());
        Assert.Equal("ana", info.GetProperty("user_id").GetString());
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.Equal(1700000000123, info.GetProperty("start_time").GetInt64());
        Assert.False(info.TryGetProperty("end_time", out _));
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());
        var tags = created.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray().ToList();
        Assert.Contains(tags, t => t.GetProperty("key").GetString() == "mlflow.source.name" && t.GetProperty("value").GetString() == "train.py");
    }

    [Fact]
    public async Task Answers_carry_their_length_instead_of_being_chunked()
    {
        // One write per answer, and no chunk framing for the client to read (most logging calls answer {}).
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var ct = TestContext.Current.CancellationToken;
        foreach (var (method, path, json) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Post, "runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "k", "value": 1, "timestamp": 1}]}"""),
            (HttpMethod.Get, $"runs/get?run_id={runId}", null),
            (HttpMethod.Post, "runs/log-batch", """{"run_id": "nope"}"""),
        })
        {
            using var request = new HttpRequestMessage(method, MlflowHttp.Api(path));
            if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _api.Client.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            Assert.True(body.Length > 0);
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Create_run_in_an_unknown_experiment_is_RESOURCE_DOES_NOT_EXIST()
    {
        (await _api.PostAsync("runs/create", """{"experiment_id": "31415926", "start_time": 1}"""))
            .ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Logged_metrics_params_and_tags_show_in_get_run()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 0.9, "timestamp": 1700000000000, "step": 0}"""));
        await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "loss", "value": 0.4, "timestamp": 1700000001000, "step": 1}"""));
        await _api.OkAsync(_api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "lr", "value": "0.01"}"""));
        await _api.OkAsync(_api.PostAsync("runs/set-tag", $$"""{"run_id": "{{runId}}", "key": "stage", "value": "dev"}"""));

        var data = (await GetRunAsync(runId)).GetProperty("data");
        var loss = Assert.Single(data.GetProperty("metrics").EnumerateArray());
        Assert.Equal(0.4, loss.GetProperty("value").GetDouble());
        Assert.Equal(1, loss.GetProperty("step").GetInt64());
        Assert.Equal(1700000001000, loss.GetProperty("timestamp").GetInt64());
        var param = Assert.Single(data.GetProperty("params").EnumerateArray());
        Assert.Equal("lr", param.GetProperty("key").GetString());
        Assert.Equal("0.01", param.GetProperty("value").GetString());
        Assert.Contains(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "stage");

        await _api.OkAsync(_api.PostAsync("runs/delete-tag", $$"""{"run_id": "{{runId}}", "key": "stage"}"""));
        var after = (await GetRunAsync(runId)).GetProperty("data");
        Assert.DoesNotContain(after.TryGetProperty("tags", out var t2) ? t2.EnumerateArray().ToList() : [], t => t.GetProperty("key").GetString() == "stage");
    }

    [Fact]
    public async Task The_deprecated_run_uuid_field_is_accepted()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_uuid": "{{runId}}", "key": "acc", "value": 1, "timestamp": 5}"""));
        var run = await _api.OkAsync(_api.GetAsync($"runs/get?run_uuid={runId}"));
        Assert.Equal("acc", run.GetProperty("run").GetProperty("data").GetProperty("metrics")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Metric_values_given_as_strings_and_special_floats_are_accepted()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        // protobuf's JSON parser takes int64 as strings and NaN / Infinity as strings; MLflow's Python client sends NaN so.
        await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "n", "value": "NaN", "timestamp": "1700000000000", "step": "3"}"""));
        await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "inf", "value": "Infinity", "timestamp": 1700000000000}"""));
        var history = await _api.OkAsync(_api.GetAsync($"metrics/get-history?run_id={runId}&metric_key=n"));
        var point = Assert.Single(history.GetProperty("metrics").EnumerateArray());
        Assert.Equal("NaN", point.GetProperty("value").GetString());
        Assert.Equal(3, point.GetProperty("step").GetInt64());
    }

    [Fact]
    public async Task Logging_errors_name_the_bad_field()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var missingKey = (await _api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "value": 1, "timestamp": 1}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'key'", missingKey.Message);
        var missingTimestamp = (await _api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "k", "value": 1}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'timestamp'", missingTimestamp.Message);
        var wrongType = (await _api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "k", "value": {"x": 1}, "timestamp": 1}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("value", wrongType.Message);
        (await _api.PostAsync("runs/log-metric", """{"run_id": "0123456789abcdef0123456789abcdef", "key": "k", "value": 1, "timestamp": 1}"""))
            .ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "big", "value": "{{new string('x', 6001)}}"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await _api.OkAsync(_api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "p", "value": "1"}"""));
        (await _api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "p", "value": "2"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Update_delete_and_restore_a_run()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var updated = await _api.OkAsync(_api.PostAsync("runs/update",
            $$"""{"run_id": "{{runId}}", "status": "FINISHED", "end_time": 1700000009999, "run_name": "done"}"""));
        var info = updated.GetProperty("run_info");
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        Assert.Equal(1700000009999, info.GetProperty("end_time").GetInt64());
        Assert.Equal("done", info.GetProperty("run_name").GetString());

        (await _api.PostAsync("runs/update", $$"""{"run_id": "{{runId}}", "status": "SLEEPING"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        await _api.OkAsync(_api.PostAsync("runs/delete", $$"""{"run_id": "{{runId}}"}"""));
        Assert.Equal("deleted", (await GetRunAsync(runId)).GetProperty("info").GetProperty("lifecycle_stage").GetString());
        await _api.OkAsync(_api.PostAsync("runs/restore", $$"""{"run_id": "{{runId}}"}"""));
        Assert.Equal("active", (await GetRunAsync(runId)).GetProperty("info").GetProperty("lifecycle_stage").GetString());
        (await _api.GetAsync("runs/get?run_id=ffffffffffffffffffffffffffffffff")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Log_batch_writes_everything_and_rejects_oversize_batches_whole()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var metrics = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"key": "m{{i}}", "value": {{i}}.5, "timestamp": 1700000000000, "step": 2}"""));
        await _api.OkAsync(_api.PostAsync("runs/log-batch", $$"""
            {"run_id": "{{runId}}", "metrics": [{{metrics}}], "params": [{"key": "depth", "value": "6"}], "tags": [{"key": "kind", "value": "batch"}]}
            """));
        var data = (await GetRunAsync(runId)).GetProperty("data");
        Assert.Equal(10, data.GetProperty("metrics").GetArrayLength());
        Assert.Equal("6", Assert.Single(data.GetProperty("params").EnumerateArray()).GetProperty("value").GetString());

        var tooMany = string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"key": "p{{i}}", "value": "v"}"""));
        (await _api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "params": [{{tooMany}}]}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var afterReject = (await GetRunAsync(runId)).GetProperty("data");
        Assert.Single(afterReject.GetProperty("params").EnumerateArray());

        var missing = (await _api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "x", "timestamp": 1}]}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("metrics[0].value", missing.Message);

        // Within every count and length limit, but more than MLflow's 1 MB per batch request.
        var huge = new StringBuilder($$"""{"run_id": "{{runId}}", "tags": [""");
        for (var i = 0; i < 100; i++) huge.Append(i == 0 ? "" : ",").Append($$"""{"key": "t{{i}}", "value": "{{new string('v', 7999)}}"}""");
        huge.Append("], \"params\": [");
        for (var i = 0; i < 100; i++) huge.Append(i == 0 ? "" : ",").Append($$"""{"key": "h{{i}}", "value": "{{new string('v', 5999)}}"}""");
        huge.Append("]}");
        var oversize = (await _api.PostAsync("runs/log-batch", huge.ToString())).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("1000000 bytes", oversize.Message);
    }

    [Fact]
    public async Task Metric_history_pages_in_order()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var metrics = string.Join(",", Enumerable.Range(0, 25).Select(i => $$"""{"key": "loss", "value": {{25 - i}}, "timestamp": {{1700000000000 + i}}, "step": {{i}}}"""));
        await _api.OkAsync(_api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{{metrics}}]}"""));

        var all = await _api.OkAsync(_api.GetAsync($"metrics/get-history?run_id={runId}&metric_key=loss"));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), all.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        Assert.False(all.TryGetProperty("next_page_token", out _));

        var steps = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = $"metrics/get-history?run_id={runId}&metric_key=loss&max_results=10" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await _api.OkAsync(_api.GetAsync(query));
            steps.AddRange(page.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        } while (token is not null && pages < 10);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);

        (await _api.GetAsync($"metrics/get-history?run_id={runId}")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync("metrics/get-history?run_id=0123456789abcdef0123456789abcdef&metric_key=loss")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Bulk_interval_history_spans_runs_and_checks_its_arguments()
    {
        var experimentId = await NewExperimentAsync();
        var first = await _api.CreateRunAsync(experimentId);
        var second = await _api.CreateRunAsync(experimentId);
        foreach (var runId in new[] { first, second })
        {
            var metrics = string.Join(",", Enumerable.Range(0, 5).Select(i => $$"""{"key": "acc", "value": {{i}}, "timestamp": {{100 + i}}, "step": {{i}}}"""));
            await _api.OkAsync(_api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{{metrics}}]}"""));
        }

        var both = await _api.OkAsync(_api.GetAsync($"metrics/get-history-bulk-interval?run_ids={first}&run_ids={second}&metric_key=acc"));
        var points = both.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(10, points.Count);
        Assert.Equal(5, points.Count(p => p.GetProperty("run_id").GetString() == first));

        var window = await _api.OkAsync(_api.GetAsync($"metrics/get-history-bulk-interval?run_ids={first}&metric_key=acc&start_step=1&end_step=3"));
        Assert.Equal([1L, 2L, 3L], window.GetProperty("metrics").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()));

        (await _api.GetAsync("metrics/get-history-bulk-interval?metric_key=acc")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync($"metrics/get-history-bulk-interval?run_ids={first}&metric_key=acc&start_step=1")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync($"metrics/get-history-bulk-interval?run_ids={first}&metric_key=acc&max_results=0")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Search_runs_filters_orders_and_pages()
    {
        var experimentId = await NewExperimentAsync();
        var runs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var runId = await _api.CreateRunAsync(experimentId, $"r{i}");
            runs.Add(runId);
            await _api.OkAsync(_api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "acc", "value": {{i}}, "timestamp": 1}"""));
            await _api.OkAsync(_api.PostAsync("runs/log-parameter", $$"""{"run_id": "{{runId}}", "key": "family", "value": "{{(i % 2 == 0 ? "even" : "odd")}}"}"""));
        }

        var filtered = await _api.OkAsync(_api.PostAsync("runs/search",
            $$"""{"experiment_ids": ["{{experimentId}}"], "filter": "metrics.acc >= 2 and params.family = 'even'", "order_by": ["metrics.acc DESC"]}"""));
        Assert.Equal([runs[4], runs[2]], filtered.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var tokenField = token is null ? "" : $$""", "page_token": "{{token}}" """;
            var page = await _api.OkAsync(_api.PostAsync("runs/search",
                $$"""{"experiment_ids": ["{{experimentId}}"], "max_results": 2, "order_by": ["metrics.acc ASC"]{{tokenField}}}"""));
            seen.AddRange(page.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            pages++;
        } while (token is not null && pages < 10);
        Assert.Equal(runs, seen);

        var none = await _api.OkAsync(_api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experimentId}}"], "filter": "metrics.acc > 100"}"""));
        Assert.False(none.TryGetProperty("runs", out _), "an empty result omits the runs field, as MLflow");

        (await _api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experimentId}}"], "filter": "metrics.acc >>> 1"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{experimentId}}"], "max_results": 50001}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Log_inputs_records_datasets_on_the_run()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        await _api.OkAsync(_api.PostAsync("runs/log-inputs", $$$"""
            {"run_id": "{{{runId}}}", "datasets": [{"tags": [{"key": "mlflow.data.context", "value": "training"}],
              "dataset": {"name": "iris", "digest": "abc123", "source_type": "local", "source": "{\"uri\": \"/data/iris.csv\"}", "schema": "{}"}}]}
            """));
        var inputs = (await GetRunAsync(runId)).GetProperty("inputs");
        var input = Assert.Single(inputs.GetProperty("dataset_inputs").EnumerateArray());
        Assert.Equal("iris", input.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("training", input.GetProperty("tags")[0].GetProperty("value").GetString());

        (await _api.PostAsync("runs/log-inputs", $$$"""{"run_id": "{{{runId}}}", "datasets": [{"dataset": {"name": "x"}}]}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Log_model_appends_to_the_model_history_tag()
    {
        var runId = await _api.CreateRunAsync(await NewExperimentAsync());
        var model = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["run_id"] = runId,
            ["artifact_path"] = "model",
            ["utc_time_created"] = "2026-11-22 10:00:00.000000",
            ["flavors"] = new Dictionary<string, object> { ["onnx"] = new Dictionary<string, object> { ["onnx_version"] = "1.17", ["config"] = "dropped" } },
        });
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["run_id"] = runId, ["model_json"] = model });
        await _api.OkAsync(_api.PostAsync("runs/log-model", body));
        await _api.OkAsync(_api.PostAsync("runs/log-model", body));

        var tag = (await GetRunAsync(runId)).GetProperty("data").GetProperty("tags").EnumerateArray()
            .Single(t => t.GetProperty("key").GetString() == "mlflow.log-model.history");
        var history = JsonDocument.Parse(tag.GetProperty("value").GetString()!).RootElement;
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal("model", history[0].GetProperty("artifact_path").GetString());
        Assert.False(history[0].GetProperty("flavors").GetProperty("onnx").TryGetProperty("config", out _));

        (await _api.PostAsync("runs/log-model", $$"""{"run_id": "{{runId}}", "model_json": "{not json"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("runs/log-model", $$"""{"run_id": "{{runId}}", "model_json": "{\"artifact_path\": \"m\"}"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
