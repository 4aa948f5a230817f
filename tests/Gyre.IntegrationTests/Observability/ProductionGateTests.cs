using System.Net;
using Gyre.Core.Testing;
using Gyre.IntegrationTests.Infrastructure;
using Gyre.Server;

namespace Gyre.IntegrationTests.Observability;

/// <summary>A server started with production gates: a no-regression rule and a minimum ROC AUC on the churn holdout.</summary>
public sealed class GatedServerFixture : GyreServerFixture
{
    public GatedServerFixture()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(SuitePath, $"""
            holdout:
              data: {SharedData.PathOf("reference", "models", "datasets", "churn_encoded_test.csv")}
              target: churn
            gates:
              - metric: roc_auc
                min: 0.7
              - no_regression: {"{"} alpha: 0.05 {"}"}
            """);
    }

    public string SuitePath => Path.Combine(DataDirectory, "production-gates.yaml");

    protected override GyreServerOptions Options => base.Options with { ProductionGates = SuitePath };
}

public sealed class ProductionGateTests(GatedServerFixture server) : IClassFixture<GatedServerFixture>
{
    private MlflowHttp Api => server.Api;

    /// <summary>Registers a reference ONNX model as a new version (its file placed in a run's proxied artifacts).</summary>
    private async Task<string> RegisterAsync(string model, string sklearnModel)
    {
        var experiment = await Api.CreateExperimentAsync($"gates-{Guid.NewGuid():N}");
        var runId = await Api.CreateRunAsync(experiment);
        var run = await Api.OkAsync(Api.GetAsync($"runs/get?run_id={runId}"));
        var artifactUri = run.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.StartsWith("mlflow-artifacts:/", artifactUri);
        var folder = Path.Combine(server.ArtifactsDirectory, artifactUri["mlflow-artifacts:/".Length..].Trim('/'), "model");
        Directory.CreateDirectory(folder);
        File.Copy(SharedData.PathOf("reference", "models", "onnx", "sklearn", sklearnModel, "model.onnx"), Path.Combine(folder, "model.onnx"));
        var version = await Api.OkAsync(Api.PostAsync("model-versions/create",
            $$"""{"name": "{{model}}", "source": "{{artifactUri}}/model/model.onnx", "run_id": "{{runId}}"}"""));
        return version.GetProperty("model_version").GetProperty("version").GetString()!;
    }

    private async Task<string> StageOfAsync(string model, string version) =>
        (await Api.OkAsync(Api.GetAsync($"model-versions/get?name={model}&version={version}")))
        .GetProperty("model_version").GetProperty("current_stage").GetString()!;

    [Fact]
    public async Task AVersionFailingTheGatesIsRefusedAndStaysInItsStageWhileAPassingOneGoesThrough()
    {
        const string model = "churn-gated";
        await Api.OkAsync(Api.PostAsync("registered-models/create", $$"""{"name": "{{model}}"}"""));
        var good = await RegisterAsync(model, "gradient_boosting_classifier_binary");
        var worse = await RegisterAsync(model, "decision_tree_classifier_binary");

        // The first Production version has no baseline: the no_regression rule is left out, ROC AUC passes.
        await Api.OkAsync(Api.PostAsync("model-versions/transition-stage",
            $$"""{"name": "{{model}}", "version": "{{good}}", "stage": "Production", "archive_existing_versions": false}"""));
        Assert.Equal("Production", await StageOfAsync(model, good));

        await Api.OkAsync(Api.PostAsync("model-versions/transition-stage",
            $$"""{"name": "{{model}}", "version": "{{worse}}", "stage": "Staging", "archive_existing_versions": false}"""));
        var refused = (await Api.PostAsync("model-versions/transition-stage",
                $$"""{"name": "{{model}}", "version": "{{worse}}", "stage": "production", "archive_existing_versions": true}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_STATE");

        Assert.Contains($"Model version {worse} of '{model}' cannot become Production", refused.Message);
        Assert.Contains("no_regression", refused.Message);
        Assert.Equal("Staging", await StageOfAsync(model, worse));  // unchanged
        Assert.Equal("Production", await StageOfAsync(model, good)); // not archived

        // The champion alias is gated the same way; other aliases are not.
        (await Api.PostAsync("registered-models/alias", $$"""{"name": "{{model}}", "alias": "champion", "version": "{{worse}}"}"""))
            .ShouldFail(HttpStatusCode.BadRequest, "INVALID_STATE");
        (await Api.GetAsync($"registered-models/alias?name={model}&alias=champion")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"); // MLflow: alias not found
        await Api.OkAsync(Api.PostAsync("registered-models/alias", $$"""{"name": "{{model}}", "alias": "challenger", "version": "{{worse}}"}"""));
        await Api.OkAsync(Api.PostAsync("registered-models/alias", $$"""{"name": "{{model}}", "alias": "champion", "version": "{{good}}"}"""));
    }
}
