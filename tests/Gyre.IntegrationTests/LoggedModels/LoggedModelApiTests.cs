using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.LoggedModels;

/// <summary>
/// MLflow 3's logged-model REST API on a real server, asserting MLflow's JSON per endpoint: success bodies,
/// each documented error (400 INVALID_PARAMETER_VALUE, 404 RESOURCE_DOES_NOT_EXIST), paging and search.
/// </summary>
public sealed class LoggedModelApiTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> CreateAsync(string experimentId, string json) =>
        (await _api.OkAsync(_api.PostAsync("logged-models", json))).GetProperty("model");

    private static string Id(JsonElement model) => model.GetProperty("info").GetProperty("model_id").GetString()!;

    private async Task PutArtifactAsync(string path, string content)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var response = await _api.Client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{path}", body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_get_and_finalize_answer_mlflow_json()
    {
        var exp = await _api.CreateExperimentAsync("lm-create-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await _api.CreateRunAsync(exp);
        var model = await CreateAsync(exp, $$"""
            {"experiment_id": "{{exp}}", "name": "clf", "model_type": "Classifier", "source_run_id": "{{runId}}",
             "params": [{"key": "alpha", "value": "0.5"}], "tags": [{"key": "mlflow.user", "value": "ada"}]}
            """);
        var info = model.GetProperty("info");
        var id = Id(model);
        Assert.Matches("^m-[0-9a-f]{32}$", id);
        Assert.Equal(exp, info.GetProperty("experiment_id").GetString());
        Assert.Equal("clf", info.GetProperty("name").GetString());
        Assert.Equal("Classifier", info.GetProperty("model_type").GetString());
        Assert.Equal(runId, info.GetProperty("source_run_id").GetString());
        Assert.Equal("LOGGED_MODEL_PENDING", info.GetProperty("status").GetString());
        Assert.Equal($"mlflow-artifacts:/{exp}/models/{id}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.Equal(JsonValueKind.Number, info.GetProperty("creation_timestamp_ms").ValueKind);
        Assert.Equal(info.GetProperty("creation_timestamp_ms").GetInt64(), info.GetProperty("last_updated_timestamp_ms").GetInt64());
        Assert.Equal("""[{"key":"mlflow.user","value":"ada"}]""", info.GetProperty("tags").GetRawText());
        Assert.Equal("""{"params":[{"key":"alpha","value":"0.5"}]}""", model.GetProperty("data").GetRawText());

        var fetched = (await _api.OkAsync(_api.GetAsync($"logged-models/{id}"))).GetProperty("model");
        Assert.Equal(model.GetRawText(), fetched.GetRawText());
        var viaAjax = await _api.OkAsync(_api.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{id}"));
        Assert.Equal(id, Id(viaAjax.GetProperty("model")));

        // The Python client sends the enum's name; protobuf JSON also accepts its number.
        var ready = (await _api.OkAsync(_api.PatchAsync($"logged-models/{id}", $$"""{"model_id": "{{id}}", "status": "LOGGED_MODEL_READY"}""")))
            .GetProperty("model").GetProperty("info");
        Assert.Equal("LOGGED_MODEL_READY", ready.GetProperty("status").GetString());
        var failed = (await _api.OkAsync(_api.PatchAsync($"logged-models/{id}", $$"""{"model_id": "{{id}}", "status": 3}""")))
            .GetProperty("model").GetProperty("info");
        Assert.Equal("LOGGED_MODEL_UPLOAD_FAILED", failed.GetProperty("status").GetString());

        var unnamed = await CreateAsync(exp, $$"""{"experiment_id": "{{exp}}"}""");
        Assert.False(string.IsNullOrEmpty(unnamed.GetProperty("info").GetProperty("name").GetString()));
        Assert.False(unnamed.GetProperty("info").TryGetProperty("model_type", out _));
    }

    [Fact]
    public async Task Bad_requests_are_400_and_unknown_ids_404_with_mlflow_error_bodies()
    {
        var exp = await _api.CreateExperimentAsync("lm-errors-" + Guid.NewGuid().ToString("N")[..8]);
        var missing = (await _api.PostAsync("logged-models", """{"name": "x"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'experiment_id'", missing.Message);
        (await _api.PostAsync("logged-models", """{"experiment_id": "987654"}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("logged-models", $$"""{"experiment_id": "{{exp}}", "name": "a/b"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("logged-models", $$"""{"experiment_id": "{{exp}}", "params": [{"key": "", "value": "1"}]}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("logged-models", "{not json")).ShouldFail(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
        var before = await _api.OkAsync(_api.PostAsync("logged-models/search", $$"""{"experiment_ids": ["{{exp}}"]}"""));
        Assert.False(before.TryGetProperty("models", out _));

        const string unknown = "m-0123456789abcdef0123456789abcdef";
        var notFound = (await _api.GetAsync($"logged-models/{unknown}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal($"Logged model with ID '{unknown}' not found.", notFound.Message);
        (await _api.PatchAsync($"logged-models/{unknown}", $$"""{"model_id": "{{unknown}}", "status": "LOGGED_MODEL_READY"}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.DeleteAsync($"logged-models/{unknown}", "{}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PatchAsync($"logged-models/{unknown}/tags", """{"tags": [{"key": "k", "value": "v"}]}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync($"logged-models/{unknown}/params", $$"""{"model_id": "{{unknown}}", "params": [{"key": "k", "value": "v"}]}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.GetAsync($"logged-models/{unknown}/artifacts/directories")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var id = Id(await CreateAsync(exp, $$"""{"experiment_id": "{{exp}}", "name": "e"}"""));
        (await _api.PatchAsync($"logged-models/{id}", $$"""{"model_id": "{{id}}"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PatchAsync($"logged-models/{id}", """{"status": "LOGGED_MODEL_READY"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PatchAsync($"logged-models/{id}", $$"""{"model_id": "{{id}}", "status": "DONE"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync($"logged-models/{id}/params", """{"params": [{"key": "k", "value": "v"}]}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.DeleteAsync($"logged-models/{id}/tags/absent", "{}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.GetAsync($"logged-models/{id}/artifacts/directories?artifact_directory_path=../x")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{id}/artifacts/files")).ShouldFail(HttpStatusCode.BadRequest, "BAD_REQUEST");
        // The failed finalizations changed nothing.
        Assert.Equal("LOGGED_MODEL_PENDING", (await _api.OkAsync(_api.GetAsync($"logged-models/{id}"))).GetProperty("model").GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Tags_params_and_delete_behave_as_mlflow()
    {
        var exp = await _api.CreateExperimentAsync("lm-tags-" + Guid.NewGuid().ToString("N")[..8]);
        var id = Id(await CreateAsync(exp, $$"""{"experiment_id": "{{exp}}", "name": "t"}"""));

        var set = await _api.PatchAsync($"logged-models/{id}/tags", """{"tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}""");
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("{}", set.Text);
        await _api.OkAsync(_api.PatchAsync($"logged-models/{id}/tags", """{"tags": [{"key": "a", "value": "3"}]}"""));
        Assert.Equal("{}", (await _api.DeleteAsync($"logged-models/{id}/tags/b", "{}")).Text);
        var info = (await _api.OkAsync(_api.GetAsync($"logged-models/{id}"))).GetProperty("model").GetProperty("info");
        Assert.Equal("""[{"key":"a","value":"3"}]""", info.GetProperty("tags").GetRawText());

        Assert.Equal("{}", (await _api.PostAsync($"logged-models/{id}/params", $$"""{"model_id": "{{id}}", "params": [{"key": "depth", "value": "4"}]}""")).Text);
        (await _api.PostAsync($"logged-models/{id}/params", $$"""{"model_id": "{{id}}", "params": [{"key": "depth", "value": "5"}]}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var data = (await _api.OkAsync(_api.GetAsync($"logged-models/{id}"))).GetProperty("model").GetProperty("data");
        Assert.Equal("""[{"key":"depth","value":"4"}]""", data.GetProperty("params").GetRawText());

        var deleted = await _api.DeleteAsync($"logged-models/{id}", "{}");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("{}", deleted.Text);
        (await _api.GetAsync($"logged-models/{id}")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var still = (await _api.OkAsync(_api.GetAsync($"logged-models/{id}?allow_deleted=true"))).GetProperty("model");
        Assert.Equal(id, Id(still));
        // Search never lists a deleted model.
        Assert.False((await _api.OkAsync(_api.PostAsync("logged-models/search", $$"""{"experiment_ids": ["{{exp}}"]}"""))).TryGetProperty("models", out _));
    }

    [Fact]
    public async Task Search_filters_by_metrics_params_tags_attributes_and_datasets_and_pages()
    {
        var exp = await _api.CreateExperimentAsync("lm-search-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await _api.CreateRunAsync(exp);
        var ids = new Dictionary<string, string>();
        foreach (var (name, acc) in new[] { ("a", 0.7), ("b", 0.9), ("c", 0.8) })
        {
            var id = Id(await CreateAsync(exp, $$"""{"experiment_id": "{{exp}}", "name": "{{name}}", "params": [{"key": "depth", "value": "{{(name == "a" ? 3 : 5)}}"}], "tags": [{"key": "owner", "value": "{{name}}"}]}"""));
            ids[name] = id;
            // MLflow 3 clients link metrics to a model through log-metric / log-batch's model_id.
            await _api.OkAsync(_api.PostAsync("runs/log-metric",
                $$"""{"run_id": "{{runId}}", "key": "acc", "value": {{acc.ToString(CultureInfo.InvariantCulture)}}, "timestamp": 1000, "step": 0, "model_id": "{{id}}", "dataset_name": "eval", "dataset_digest": "d1"}"""));
            await _api.OkAsync(_api.PostAsync("runs/log-batch",
                $$"""{"run_id": "{{runId}}", "metrics": [{"key": "acc", "value": {{(1 - acc).ToString(CultureInfo.InvariantCulture)}}, "timestamp": 1000, "step": 0, "model_id": "{{id}}", "dataset_name": "train", "dataset_digest": "d2"}]}"""));
        }
        await _api.OkAsync(_api.PatchAsync($"logged-models/{ids["b"]}", $$"""{"model_id": "{{ids["b"]}}", "status": "LOGGED_MODEL_READY"}"""));

        async Task<List<string>> Names(string body)
        {
            var reply = await _api.OkAsync(_api.PostAsync("logged-models/search", body));
            return reply.TryGetProperty("models", out var models)
                ? models.EnumerateArray().Select(m => m.GetProperty("info").GetProperty("name").GetString()!).ToList()
                : [];
        }
        var ex = $$"""["{{exp}}"]""";
        Assert.Equal(["b"], await Names($$"""{"experiment_ids": {{ex}}, "filter": "metrics.acc > 0.85", "datasets": [{"dataset_name": "eval"}]}"""));
        Assert.Equal(["a", "c"], (await Names($$"""{"experiment_ids": {{ex}}, "filter": "metrics.acc > 0.15", "datasets": [{"dataset_name": "train", "dataset_digest": "d2"}]}""")).Order().ToList());
        Assert.Equal(["b", "c"], (await Names($$"""{"experiment_ids": {{ex}}, "filter": "params.depth = '5'"}""")).Order().ToList());
        Assert.Equal(["c"], await Names($$"""{"experiment_ids": {{ex}}, "filter": "tags.owner = 'c'"}"""));
        Assert.Equal(["b"], await Names($$"""{"experiment_ids": {{ex}}, "filter": "attributes.status = 'READY'"}"""));
        Assert.Equal(["b", "c", "a"], await Names($$"""{"experiment_ids": {{ex}}, "order_by": [{"field_name": "metrics.acc", "ascending": false, "dataset_name": "eval"}]}"""));
        Assert.Equal(["c", "b", "a"], await Names($$"""{"experiment_ids": {{ex}}, "order_by": [{"field_name": "name", "ascending": false}]}"""));

        // The model carries the linked metrics with their run and dataset.
        var data = (await _api.OkAsync(_api.GetAsync($"logged-models/{ids["b"]}"))).GetProperty("model").GetProperty("data");
        var metrics = data.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(2, metrics.Count);
        var eval = metrics.Single(m => m.GetProperty("dataset_name").GetString() == "eval");
        Assert.Equal(0.9, eval.GetProperty("value").GetDouble());
        Assert.Equal(runId, eval.GetProperty("run_id").GetString());
        Assert.Equal(ids["b"], eval.GetProperty("model_id").GetString());
        Assert.Equal("d1", eval.GetProperty("dataset_digest").GetString());

        // Paging: one model per page, in creation order (newest first), tokens bound to their search.
        var seen = new List<string>();
        string? token = null;
        do
        {
            var tokenField = token is null ? "" : $$""", "page_token": "{{token}}" """;
            var page = await _api.OkAsync(_api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "max_results": 1{{tokenField}}}"""));
            seen.AddRange(page.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("info").GetProperty("name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
            if (token is not null)
            {
                (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "filter": "name = 'a'", "max_results": 1, "page_token": "{{token}}"}"""))
                    .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
            }
        }
        while (token is not null);
        Assert.Equal(["c", "b", "a"], seen);

        (await _api.PostAsync("logged-models/search", """{"filter": "name = 'a'"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "filter": "bogus.x = 1"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "filter": "name = "}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "order_by": [{"ascending": true}]}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var onlyMetrics = (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "order_by": [{"field_name": "tags.owner"}]}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal("Invalid order by field name: tags.owner. Only metrics are supported.", onlyMetrics.Message);
        (await _api.PostAsync("logged-models/search", $$"""{"experiment_ids": {{ex}}, "page_token": "garbage"}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        // A metric naming an unknown model writes nothing.
        (await _api.PostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "orphan", "value": 1, "timestamp": 5, "model_id": "m-unknown"}]}"""))
            .ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var run = (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        Assert.DoesNotContain(run.GetProperty("data").GetProperty("metrics").EnumerateArray(), m => m.GetProperty("key").GetString() == "orphan");
    }

    [Fact]
    public async Task Outputs_link_models_to_runs_and_artifacts_list_like_artifacts_list()
    {
        var exp = await _api.CreateExperimentAsync("lm-out-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await _api.CreateRunAsync(exp);
        var model = await CreateAsync(exp, $$"""{"experiment_id": "{{exp}}", "name": "o", "source_run_id": "{{runId}}"}""");
        var id = Id(model);

        Assert.Equal("{}", (await _api.PostAsync("runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "{{id}}", "step": 7}]}""")).Text);
        var run = (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        Assert.Equal($$"""{"model_outputs":[{"model_id":"{{id}}","step":7}]}""", run.GetProperty("outputs").GetRawText());
        var searched = await _api.OkAsync(_api.PostAsync("runs/search", $$"""{"experiment_ids": ["{{exp}}"]}"""));
        Assert.Equal(id, searched.GetProperty("runs")[0].GetProperty("outputs").GetProperty("model_outputs")[0].GetProperty("model_id").GetString());
        await _api.OkAsync(_api.PostAsync("runs/log-inputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "{{id}}"}]}"""));
        run = (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        Assert.Equal($$"""[{"model_id":"{{id}}"}]""", run.GetProperty("inputs").GetProperty("model_inputs").GetRawText());

        (await _api.PostAsync("runs/outputs", $$"""{"models": [{"model_id": "{{id}}"}]}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"step": 1}]}""")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync("runs/outputs", $$"""{"run_id": "no-such-run", "models": [{"model_id": "{{id}}"}]}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "m-unknown"}]}""")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var root = $"{exp}/models/{id}/artifacts";
        await PutArtifactAsync($"{root}/MLmodel", "flavors: {}\n");
        await PutArtifactAsync($"{root}/data/model.bin", "0123456789");
        var listed = await _api.OkAsync(_api.GetAsync($"logged-models/{id}/artifacts/directories"));
        Assert.Equal($"mlflow-artifacts:/{root}", listed.GetProperty("root_uri").GetString());
        var files = listed.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.True(files["data"].GetProperty("is_dir").GetBoolean());
        Assert.Equal(12, files["MLmodel"].GetProperty("file_size").GetInt64());
        var nested = await _api.OkAsync(_api.GetAsync($"logged-models/{id}/artifacts/directories?artifact_directory_path=data"));
        Assert.Equal("""[{"path":"data/model.bin","is_dir":false,"file_size":10}]""", nested.GetProperty("files").GetRawText());

        var download = await _api.Client.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{id}/artifacts/files?artifact_file_path=data/model.bin", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("0123456789", await download.Content.ReadAsStringAsync(Ct));
    }
}
