using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Core.Testing;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using Gyre.Serving.Tests.Hosting;
using Gyre.Tracking;
using static Gyre.Serving.Tests.Deployments.PolicyTestKit;

namespace Gyre.Serving.Tests.Deployments;

public sealed class DeploymentHostTests : IDisposable
{
    private static readonly string Boosted = SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx");
    private static readonly string Logistic = SharedData.PathOf("reference", "models", "onnx", "sklearn", "logistic_regression_binary", "model.onnx");
    private static readonly ReferenceCase Churn = ReferenceCase.Load("onnx", "sklearn", "gradient_boosting_classifier_binary", "test_data.json");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gyre-host-" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public DeploymentHostTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DeploymentSpec Spec(string name, string kind, string settings, params (string Name, string Uri)[] variants) =>
        new(name, variants.Select(v => new VariantSpec(v.Name, v.Uri)).ToArray(), PolicyTestKit.Spec(kind, settings));

    private static async Task<HttpResponseMessage> ScoreAsync(HttpClient http, string path, string? variant = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Churn.DataframeSplit(1), Encoding.UTF8, "application/json") };
        if (variant is not null) request.Headers.Add("x-gyre-variant", variant);
        if (key is not null) request.Headers.Add("x-gyre-key", key);
        return await http.SendAsync(request, Ct);
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(",", response.Headers.GetValues(name));

    [Fact]
    public async Task Requests_are_routed_by_the_policy_and_answered_with_who_scored_them()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        await host.CreateAsync(Spec("churn", "split", """{"weights": {"boosted": 1, "logistic": 1}}""", ("boosted", Boosted), ("logistic", Logistic)), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        var seen = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var response = await ScoreAsync(http, "/deployments/churn/invocations");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add(Header(response, "x-gyre-variant"));
            Assert.Equal(32, Header(response, "x-gyre-request-id").Length);
        }
        Assert.Equal(["boosted", "logistic"], seen.Order());

        using (var forced = await ScoreAsync(http, "/invocations", variant: "logistic"))
        {
            Assert.Equal("logistic", Header(forced, "x-gyre-variant"));
            Assert.Equal("logistic_regression_binary", Header(forced, "x-gyre-model-version"));
        }
        var sticky = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await ScoreAsync(http, "/deployments/churn/invocations", key: "customer-42");
            sticky.Add(Header(response, "x-gyre-variant"));
        }
        Assert.Single(sticky);

        using var unknown = await ScoreAsync(http, "/deployments/churn/invocations", variant: "purple");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'purple'", await unknown.Content.ReadAsStringAsync(Ct));
        using var missing = await ScoreAsync(http, "/deployments/nope/invocations");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var status = host.GetStatus("churn");
        Assert.Equal(51, status.Variants.Sum(v => v.Requests));
    }

    [Fact]
    public async Task Observers_see_every_scored_request_and_feedback_reaches_policy_and_observers()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var observer = new Recorder();
        host.AddObserver(observer);
        host.AddFeedbackObserver(observer);
        await host.CreateAsync(Spec("churn", "single", "{}", ("only", Boosted)), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await ScoreAsync(http, "/invocations");
        var id = Header(response, "x-gyre-request-id");
        var scored = Assert.Single(observer.Scored);
        Assert.Equal((id, "churn", "only", 200, false), (scored.RequestId, scored.Deployment, scored.Variant, scored.StatusCode, scored.Mirrored));
        Assert.Equal(Churn.FeatureNames, scored.Inputs!.ColumnNames);
        Assert.Contains("label", scored.Outputs!.Keys);

        Assert.True(host.RecordFeedback("churn", new FeedbackRecord(id, "only", 1.0, null, Start)));
        Assert.False(host.RecordFeedback("absent", new FeedbackRecord(id, "only", 1.0, null, Start)));
        Assert.Equal(id, Assert.Single(observer.Feedback).RequestId);
    }

    [Fact]
    public async Task An_update_swaps_models_without_touching_requests_on_the_old_snapshot()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var deployment = await host.CreateAsync(Spec("churn", "single", "{}", ("main", Boosted)), Ct);
        var before = deployment.Current;

        await host.UpdateAsync(Spec("churn", "single", "{}", ("main", Logistic)), Ct);
        var after = deployment.Current;
        Assert.NotSame(before, after);
        Assert.True(after.Generation > before.Generation);
        Assert.Equal("logistic_regression_binary", after.Variants[0].Version);
        // The old snapshot still scores (its model is disposed only after the grace period).
        var row = Churn.Rows[0].Select(v => (float)v).ToArray();
        var input = new Dictionary<string, Models.Abstractions.Tensor> { [before.Variants[0].Served.Signature.Inputs[0].Name] = Models.Abstractions.Tensor.FromFloat(row, 1, row.Length) };
        Assert.NotEmpty(before.Variants[0].Served.Model.Predict(input));

        var events = await host.GetEventsAsync("churn", ct: Ct);
        Assert.Equal(["created", "swapped"], events.Select(e => e.Kind));
    }

    [Fact]
    public async Task Bad_specs_are_refused_before_anything_is_stored()
    {
        await using var store = await TrackingStoreFactory.OpenAsync($"sqlite:///{Path.Combine(_dir, "bad.db")}", ct: Ct);
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, EvaluationInterval = TimeSpan.Zero }, Ct);

        var unknownPolicy = await Assert.ThrowsAsync<GyreException>(() => host.CreateAsync(Spec("d", "rainbow", "{}", ("a", Boosted)), Ct));
        Assert.Contains("Unknown traffic policy 'rainbow'", unknownPolicy.Message);
        var unknownVariant = await Assert.ThrowsAsync<GyreException>(() =>
            host.CreateAsync(Spec("d", "canary", """{"candidate": "c"}""", ("a", Boosted), ("b", Logistic)), Ct));
        Assert.Contains("variant 'c'", unknownVariant.Message);
        var unresolvable = await Assert.ThrowsAsync<GyreException>(() => host.CreateAsync(Spec("d", "single", "{}", ("a", "models:/churn/1")), Ct));
        Assert.Contains("needs a model registry", unresolvable.Message);
        var missingFile = await Assert.ThrowsAsync<GyreException>(() => host.CreateAsync(Spec("d", "single", "{}", ("a", "/no/such/model.onnx")), Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, missingFile.Code);
        Assert.Contains("Variant 'a'", missingFile.Message);
        Assert.Throws<GyreException>(() => DeploymentJson.ParseSpec("{\"name\": \"d\", \"variants\": ["));

        Assert.Empty(host.Deployments);
        Assert.Empty(await store.ListDeploymentsAsync(Ct));

        await host.CreateAsync(Spec("d", "single", "{}", ("a", Boosted)), Ct);
        var taken = await Assert.ThrowsAsync<GyreException>(() => host.CreateAsync(Spec("d", "single", "{}", ("a", Boosted)), Ct));
        Assert.Equal(ErrorCode.RESOURCE_ALREADY_EXISTS, taken.Code);
        await Assert.ThrowsAsync<GyreException>(() => host.UpdateAsync(Spec("d", "single", "{}", ("a", "/no/such/model.onnx")), Ct));
        Assert.Equal(Boosted, DeploymentJson.ParseSpec((await store.GetDeploymentAsync("d", Ct))!.SpecJson).Variants[0].ModelUri);
        Assert.Equal(Boosted, host.Get("d").Current.Variants[0].ModelUri);
    }

    [Fact]
    public async Task Versions_registered_from_an_MLflow_3_logged_model_deploy_by_version_and_by_model_id()
    {
        // What MLflow 3's log_model + register_model leave behind: a logged model holding the files, and a version
        // whose source is models:/m-<id>.
        await using var store = await TrackingStoreFactory.OpenAsync($"sqlite:///{Path.Combine(_dir, "mlflow3.db")}", ct: Ct);
        var experiment = await store.CreateExperimentAsync("mlflow3", Path.Combine(_dir, "mlruns"), ct: Ct);
        var logged = await store.CreateLoggedModelAsync(experiment, "churn-model", ct: Ct);
        var files = SharedData.PathOf("reference", "models", "mlflow", "onnx_gradient_boosting_classifier_binary");
        Directory.CreateDirectory(logged.Info.ArtifactLocation);
        foreach (var file in Directory.GetFiles(files)) File.Copy(file, Path.Combine(logged.Info.ArtifactLocation, Path.GetFileName(file)));
        await store.FinalizeLoggedModelAsync(logged.Info.ModelId, Gyre.Tracking.Entities.LoggedModelStatus.Ready, Ct);
        await store.CreateRegisteredModelAsync("churn", ct: Ct);
        await store.CreateModelVersionAsync("churn", $"models:/{logged.Info.ModelId}", null, null, null, null, logged.Info.ModelId, Ct);

        var source = new ModelSource(Gyre.Models.Abstractions.ModelLoader.Default, store, store, cacheDirectory: Path.Combine(_dir, "cache"));
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, ModelSource = source, EvaluationInterval = TimeSpan.Zero }, Ct);
        var byVersion = await host.CreateAsync(Spec("by-version", "single", "{}", ("v1", "models:/churn/1")), Ct);
        var byId = await host.CreateAsync(Spec("by-id", "single", "{}", ("m", $"models:/{logged.Info.ModelId}")), Ct);
        Assert.Equal("1", byVersion.Current.Variants[0].Version);
        Assert.Equal(logged.Info.ModelId, byId.Current.Variants[0].Version);

        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var first = await ScoreAsync(http, "/deployments/by-version/invocations");
        using var second = await ScoreAsync(http, "/deployments/by-id/invocations");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Deployments_events_and_canary_stage_survive_a_restart()
    {
        var uri = $"sqlite:///{Path.Combine(_dir, "persist.db")}";
        var clock = new ManualTimeProvider(Start);
        const string settings = """{"baseline": "a", "candidate": "b", "stages": [10, 50, 100], "hold_seconds": 5, "min_requests": 1, "latency_slo_ms": 0}""";
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, ct: Ct))
        await using (var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, Time = clock, EvaluationInterval = TimeSpan.Zero }, Ct))
        {
            var deployment = await host.CreateAsync(Spec("churn", "canary", settings, ("a", Boosted), ("b", Logistic)), Ct);
            for (var i = 0; i < 100; i++)
                deployment.Policy.RecordOutcome(new VariantOutcome($"r{i}", i % 5 == 0 ? "b" : "a", false, true, TimeSpan.FromMilliseconds(1), null));
            clock.Advance(TimeSpan.FromSeconds(6));
            var advanced = Assert.Single(await host.EvaluateNowAsync(Ct));
            Assert.Equal(("churn", "advanced"), (advanced.Deployment, advanced.Kind));
            Assert.Equal(0.5, deployment.Policy.Shares["b"]);
        }

        await using (var store = await TrackingStoreFactory.OpenAsync(uri, ct: Ct))
        await using (var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, Time = clock, EvaluationInterval = TimeSpan.Zero }, Ct))
        {
            Assert.Empty(host.LoadErrors);
            var deployment = host.Get("churn");
            Assert.Equal(0.5, deployment.Policy.Shares["b"]);
            var events = await host.GetEventsAsync("churn", ct: Ct);
            Assert.Equal(["created", "advanced"], events.Select(e => e.Kind));
            Assert.Equal(0.5, events[1].SharesAfter["b"]);
            Assert.Equal(50, events[1].Evidence["candidate_percent"]);

            var rolledBack = Assert.Single(await host.ActAsync("churn", "rollback", null, Ct));
            Assert.Equal("rolled_back", rolledBack.Kind);
            var wrong = await Assert.ThrowsAsync<GyreException>(() => host.ActAsync("churn", "switch", null, Ct));
            Assert.Contains("promote, rollback", wrong.Message);
        }

        await using (var store = await TrackingStoreFactory.OpenAsync(uri, ct: Ct))
        await using (var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, Time = clock, EvaluationInterval = TimeSpan.Zero }, Ct))
        {
            Assert.Equal(1.0, host.Get("churn").Policy.Shares["a"]);
            await host.DeleteAsync("churn", Ct);
            Assert.Empty(await store.ListDeploymentsAsync(Ct));
        }
    }

    private sealed class Recorder : IScoringObserver, IFeedbackObserver
    {
        public ConcurrentQueue<ScoredRequest> Scored { get; } = new();
        public ConcurrentQueue<FeedbackRecord> Feedback { get; } = new();

        public void OnScored(ScoredRequest scored) => Scored.Enqueue(scored);

        public void OnFeedback(string deployment, in FeedbackRecord feedback) => Feedback.Enqueue(feedback);
    }
}
