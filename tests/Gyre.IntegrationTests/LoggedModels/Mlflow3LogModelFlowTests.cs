using System.Net;
using System.Net.Http.Headers;
using Gyre.Client;
using Gyre.Client.Protocol;
using Gyre.Core.Testing;
using Gyre.IntegrationTests.Infrastructure;
using Gyre.Models.Abstractions;

namespace Gyre.IntegrationTests.LoggedModels;

/// <summary>
/// What the MLflow 3 Python client sends for <c>mlflow.onnx.log_model(..., registered_model_name=...)</c>, request
/// by request in its order (mlflow/models/model.py, Model.log): create a logged model with the run's params, log it
/// as the run's output, link the run's metrics to it, upload the model directory through the mlflow-artifacts
/// proxy under the artifact location it was given, finalize it READY, register it from <c>models:/m-&lt;id&gt;</c>
/// with model_id; then <c>models:/name/1</c> and <c>models:/m-&lt;id&gt;</c> resolve to the uploaded files, which
/// download and load.
/// </summary>
public sealed class Mlflow3LogModelFlowTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string ModelDirectory => SharedData.PathOf("reference", "models", "mlflow", "onnx_mlp_classifier");

    [Fact]
    public async Task Log_model_and_register_model_as_the_mlflow_3_python_client_does()
    {
        var exp = await _api.CreateExperimentAsync("mlflow3-flow-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await _api.CreateRunAsync(exp, "train");
        await _api.OkAsync(_api.PostAsync("runs/log-batch",
            $$"""{"run_id": "{{runId}}", "params": [{"key": "alpha", "value": "0.1"}], "metrics": [{"key": "acc", "value": 0.93, "timestamp": 1700000000500, "step": 0}]}"""));

        // Model.log: the run's params become the model's params.
        var run = (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        var alpha = run.GetProperty("data").GetProperty("params")[0].GetProperty("value").GetString();
        var created = (await _api.OkAsync(_api.PostAsync("logged-models", $$"""
            {"experiment_id": "{{exp}}", "name": "model", "source_run_id": "{{runId}}", "params": [{"key": "alpha", "value": "{{alpha}}"}],
             "tags": [{"key": "mlflow.source.name", "value": "train.py"}, {"key": "mlflow.source.type", "value": "LOCAL"}, {"key": "mlflow.user", "value": "ada"}]}
            """))).GetProperty("model");
        var modelId = created.GetProperty("info").GetProperty("model_id").GetString()!;
        var location = created.GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.Equal($"mlflow-artifacts:/{exp}/models/{modelId}/artifacts", location);

        // Inside _use_logged_model: log_outputs, then the run's metrics at that step are linked to the model
        // (get-history per key, then log-batch with model_id).
        await _api.OkAsync(_api.PostAsync("runs/outputs", $$"""{"run_id": "{{runId}}", "models": [{"model_id": "{{modelId}}", "step": 0}]}"""));
        var history = (await _api.OkAsync(_api.GetAsync($"metrics/get-history?run_id={runId}&metric_key=acc"))).GetProperty("metrics")[0];
        await _api.OkAsync(_api.PostAsync("runs/log-batch", $$"""
            {"run_id": "{{runId}}", "metrics": [{"key": "acc", "value": {{history.GetProperty("value").GetRawText()}}, "timestamp": {{history.GetProperty("timestamp").GetRawText()}},
             "step": 0, "run_id": "{{runId}}", "model_id": "{{modelId}}"}]}
            """));

        // log_model_artifacts: MlflowArtifactsRepository maps mlflow-artifacts:/<path> to
        // PUT {tracking_uri}/api/2.0/mlflow-artifacts/artifacts/<path>/<file>.
        var proxiedRoot = "/api/2.0/mlflow-artifacts/artifacts/" + location["mlflow-artifacts:/".Length..];
        var files = Directory.GetFiles(ModelDirectory).Select(Path.GetFileName).ToList();
        foreach (var file in files)
        {
            using var body = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(ModelDirectory, file!), Ct));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var put = await _api.Client.PutAsync($"{proxiedRoot}/{file}", body, Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Leaving _use_logged_model: finalize_logged_model(model_id, READY).
        var ready = await _api.OkAsync(_api.PatchAsync($"logged-models/{modelId}", $$"""{"model_id": "{{modelId}}", "status": "LOGGED_MODEL_READY"}"""));
        Assert.Equal("LOGGED_MODEL_READY", ready.GetProperty("model").GetProperty("info").GetProperty("status").GetString());

        // registered_model_name: _register_model("models:/<model_id>", name) creates the registered model and a
        // version with source models:/<model_id> and model_id (no run_id), then waits for it to be READY.
        var name = "mlflow3-" + Guid.NewGuid().ToString("N")[..8];
        await _api.OkAsync(_api.PostAsync("registered-models/create", $$"""{"name": "{{name}}"}"""));
        var version = (await _api.OkAsync(_api.PostAsync("model-versions/create",
            $$"""{"name": "{{name}}", "source": "models:/{{modelId}}", "model_id": "{{modelId}}"}"""))).GetProperty("model_version");
        Assert.Equal("1", version.GetProperty("version").GetString());
        Assert.Equal($"models:/{modelId}", version.GetProperty("source").GetString());
        Assert.Equal(modelId, version.GetProperty("model_id").GetString());
        Assert.Equal(runId, version.GetProperty("run_id").GetString());
        var polled = (await _api.OkAsync(_api.GetAsync($"model-versions/get?name={name}&version=1"))).GetProperty("model_version");
        Assert.Equal("READY", polled.GetProperty("status").GetString());
        var downloadUri = await _api.OkAsync(_api.GetAsync($"model-versions/get-download-uri?name={name}&version=1"));
        Assert.Equal(location, downloadUri.GetProperty("artifact_uri").GetString());

        // The model holds the run's param and the linked metric.
        var data = (await _api.OkAsync(_api.GetAsync($"logged-models/{modelId}"))).GetProperty("model").GetProperty("data");
        Assert.Equal("""[{"key":"alpha","value":"0.1"}]""", data.GetProperty("params").GetRawText());
        var linked = Assert.Single(data.GetProperty("metrics").EnumerateArray());
        Assert.Equal(0.93, linked.GetProperty("value").GetDouble());
        Assert.Equal(runId, linked.GetProperty("run_id").GetString());

        // The run shows its output; the model records its registration as MLflow's handler does.
        run = (await _api.OkAsync(_api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        Assert.Equal(modelId, run.GetProperty("outputs").GetProperty("model_outputs")[0].GetProperty("model_id").GetString());
        var tags = (await _api.OkAsync(_api.GetAsync($"logged-models/{modelId}"))).GetProperty("model").GetProperty("info").GetProperty("tags")
            .EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString()!);
        Assert.Equal($$"""[{"name": "{{name}}", "version": 1}]""", tags["mlflow.modelVersions"]);

        // 6. Both URIs resolve to the uploaded files, which download intact and load as a model.
        using var client = new TrackingClient(server.Server.BaseAddress);
        Assert.Equal(location, await client.Registry.ResolveDownloadUriAsync($"models:/{name}/1", Ct));
        Assert.Equal(location, await client.Registry.ResolveDownloadUriAsync($"models:/{modelId}", Ct));
        var local = Path.Combine(server.DataDirectory, "download-" + Guid.NewGuid().ToString("N"));
        var fromVersion = Path.Combine(local, "version");
        var repository = client.OpenArtifactRoot(await client.Registry.ResolveDownloadUriAsync($"models:/{name}/1", Ct));
        foreach (var entry in await repository.ListAsync(null, Ct))
        {
            await using var input = await repository.OpenReadAsync(entry.Path, Ct);
            Directory.CreateDirectory(fromVersion);
            await using var output = File.Create(Path.Combine(fromVersion, entry.Path));
            await input.CopyToAsync(output, Ct);
        }
        var fromModel = await client.DownloadLoggedModelArtifactsAsync(modelId, null, Path.Combine(local, "model"), Ct);
        foreach (var file in files)
        {
            var expected = await File.ReadAllBytesAsync(Path.Combine(ModelDirectory, file!), Ct);
            Assert.Equal(expected, await File.ReadAllBytesAsync(Path.Combine(fromVersion, file!), Ct));
            Assert.Equal(expected, await File.ReadAllBytesAsync(Path.Combine(fromModel, file!), Ct));
        }
        // The downloaded folder is an MLflow model directory that Gyre's loader (as serving uses it) opens.
        using var loaded = ModelLoader.Default.Load(fromModel);
        Assert.Equal("mlflow", loaded.Format);
        Assert.NotNull(loaded.Signature.FindInput("input"));
    }

    [Fact]
    public async Task The_dotnet_sdk_logs_registers_and_searches_logged_models()
    {
        using var client = new TrackingClient(server.Server.BaseAddress);
        var exp = await client.CreateExperimentAsync("sdk-lm-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: Ct);
        var run = await client.CreateRunAsync(exp, runName: "sdk", cancellationToken: Ct);
        var runId = run.Info.RunId;

        var model = await client.LogModelAsync(exp, ModelDirectory, "mlp", runId, "Classifier",
            new Dictionary<string, string> { ["hidden"] = "16" }, new Dictionary<string, string> { ["team"] = "ml" }, Ct);
        Assert.Equal(LoggedModelStatus.Ready, model.Info.Status);
        Assert.Equal(runId, model.Info.SourceRunId);
        Assert.Equal([new Param("hidden", "16")], model.Data.Params);

        await client.SetLoggedModelTagsAsync(model.Info.ModelId, new Dictionary<string, string> { ["stage"] = "candidate" }, Ct);
        await client.LogLoggedModelParamsAsync(model.Info.ModelId, new Dictionary<string, string> { ["epochs"] = "3" }, Ct);
        var other = await client.CreateLoggedModelAsync(exp, "other", cancellationToken: Ct);
        await client.DeleteLoggedModelTagAsync(model.Info.ModelId, "team", Ct);

        var found = await client.SearchLoggedModelsAsync([exp], "tags.stage = 'candidate' AND params.epochs = '3'", cancellationToken: Ct);
        Assert.Equal([model.Info.ModelId], found.Items.Select(m => m.Info.ModelId));
        var all = new List<string>();
        await foreach (var m in client.SearchAllLoggedModelsAsync([exp], orderBy: [new LoggedModelOrder("name")], cancellationToken: Ct)) all.Add(m.Info.Name!);
        Assert.Equal(["mlp", "other"], all);

        await client.Registry.CreateRegisteredModelAsync("sdk-" + exp, cancellationToken: Ct);
        var version = await client.Registry.CreateModelVersionAsync("sdk-" + exp, $"models:/{model.Info.ModelId}", runId, modelId: model.Info.ModelId, cancellationToken: Ct);
        Assert.Equal(model.Info.ModelId, version.ModelId);
        Assert.Equal(model.Info.ArtifactUri, await client.Registry.ResolveDownloadUriAsync($"models:/sdk-{exp}/1", Ct));

        await client.DeleteLoggedModelAsync(other.Info.ModelId, Ct);
        var gone = await Assert.ThrowsAsync<TrackingServerException>(() => client.GetLoggedModelAsync(other.Info.ModelId, cancellationToken: Ct));
        Assert.Equal(Gyre.Core.Errors.ErrorCode.RESOURCE_DOES_NOT_EXIST, gone.Code);
        Assert.Equal(other.Info.ModelId, (await client.GetLoggedModelAsync(other.Info.ModelId, allowDeleted: true, Ct)).Info.ModelId);
        var reloaded = await client.GetRunAsync(runId, Ct);
        Assert.Equal([new ModelOutput(model.Info.ModelId, 0)], reloaded.Outputs.ModelOutputs);
    }
}
