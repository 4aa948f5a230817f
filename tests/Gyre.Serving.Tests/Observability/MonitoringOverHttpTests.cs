using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.Artifacts;
using Gyre.Core.Data;
using Gyre.Core.Testing;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using Gyre.Models.Abstractions;
using Gyre.Serving.Observability;
using Gyre.Tracking;

namespace Gyre.Serving.Tests.Observability;

/// <summary>The monitoring loop end to end: real HTTP scoring and feedback against a deployment host on Kestrel.</summary>
public sealed class MonitoringOverHttpTests : IDisposable
{
    private static readonly string Boosted = SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx");
    private static readonly string TrainCsv = SharedData.PathOf("reference", "models", "datasets", "churn_encoded_train.csv");
    private static readonly DataFrame Test = CsvTable.Read(SharedData.PathOf("reference", "models", "datasets", "churn_encoded_test.csv"));
    private readonly string _dir = Directory.CreateTempSubdirectory("gyre-monitoring-http-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A dataframe_split body of test rows [start, start + count), features only, with <paramref name="shift"/> added to monthly_charges.</summary>
    private static string Body(int start, int count, double shift)
    {
        var features = Test.Columns.Where(c => c.Name != "churn").ToArray();
        var json = new StringBuilder("{\"dataframe_split\": {\"columns\": [");
        json.Append(string.Join(",", features.Select(c => $"\"{c.Name}\"")));
        json.Append("], \"data\": [");
        for (var r = start; r < start + count; r++)
        {
            if (r > start) json.Append(',');
            json.Append('[');
            json.Append(string.Join(",", features.Select(c =>
            {
                var value = ((DoubleColumn)c).Values[r] + (c.Name == "monthly_charges" ? shift : 0);
                return value.ToString("R", CultureInfo.InvariantCulture);
            })));
            json.Append(']');
        }
        return json.Append("]}}").ToString();
    }

    private static DeploymentSpec Spec(MonitoringSpec monitoring) =>
        new("churn", [new VariantSpec("boosted", Boosted)], new PolicySpec("single", JsonDocument.Parse("{}").RootElement), monitoring);

    [Fact]
    public async Task ShiftedTrafficShowsOnMetricsAsDriftAndAlertsTheEventLogAndAWebhook()
    {
        var hooks = new ConcurrentQueue<string>();
        await using var receiver = await AlertSinkTests.Receiver.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            hooks.Enqueue(await reader.ReadToEndAsync());
        });
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        await host.CreateAsync(Spec(new MonitoringSpec
        {
            ReferenceData = TrainCsv,
            Drift = new DriftMonitorSpec { WindowRows = 500, MinRows = 400, Columns = ["tenure_months", "monthly_charges", "age"], DriftShare = 0.3 },
            Alerts = new AlertSinksSpec { Webhooks = [new WebhookSpec { Url = new Uri(receiver.Address, "alerts").ToString() }] },
        }), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        for (var i = 0; i < 50; i++)
        {
            using var response = await http.PostAsync("/deployments/churn/invocations",
                new StringContent(Body(i * 10, 10, shift: 60), Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var monitoring = MonitoringHostExtension.MonitoringOf(host);
        var raised = await monitoring.EvaluateNowAsync(Ct);
        await monitoring.Alerts.FlushAsync(Ct);

        Assert.Equal("data_drift", Assert.Single(raised).Kind);
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"monthly_charges\"} 1", metrics);
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"tenure_months\"} 0", metrics);
        Assert.Contains("gyre_drift_score{deployment=\"churn\",feature=\"monthly_charges\",method=", metrics);
        Assert.Contains("gyre_dataset_drift_share{deployment=\"churn\"} 0.3333", metrics);

        var events = await http.GetStringAsync("/api/gyre/deployments/churn/events", Ct);
        Assert.Contains("\"kind\":\"alert\"", events.Replace(" ", ""));
        Assert.Contains("data_drift (warning)", events);
        using var hook = JsonDocument.Parse(Assert.Single(hooks));
        Assert.Equal("churn", hook.RootElement.GetProperty("deployment").GetString());
        Assert.Equal("data_drift", hook.RootElement.GetProperty("kind").GetString());
        Assert.Equal(500, hook.RootElement.GetProperty("evidence").GetProperty("window_rows").GetDouble());
    }

    [Fact]
    public async Task FeedbackLabelsThroughTheApiMoveTheRollingAccuracyGauge()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        await host.CreateAsync(Spec(new MonitoringSpec { Feedback = new FeedbackMonitorSpec { Window = 50 } }), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        var feedback = new List<string>();
        var wrongOnPurpose = 0;
        for (var r = 0; r < 40; r++)
        {
            using var response = await http.PostAsync("/deployments/churn/invocations", new StringContent(Body(r, 1, 0), Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var requestId = response.Headers.GetValues("x-gyre-request-id").Single();
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            // Label half the requests with what the model said, half with the opposite: accuracy 0.5 exactly.
            var predicted = answer.RootElement.GetProperty("predictions")[0].GetProperty("label").GetDouble();
            var label = r % 2 == 0 ? predicted : 1 - predicted;
            if (r % 2 == 1) wrongOnPurpose++;
            feedback.Add($$"""{"request_id": "{{requestId}}", "label": "{{label.ToString(CultureInfo.InvariantCulture)}}"}""");
        }
        using (var posted = await http.PostAsync("/api/gyre/feedback",
                   new StringContent($$"""{"feedback": [{{string.Join(",", feedback)}}]}""", Encoding.UTF8, "application/json"), Ct))
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));

        Assert.Equal(20, wrongOnPurpose);
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Contains("gyre_feedback_accuracy{deployment=\"churn\",variant=\"boosted\"} 0.5", metrics);
        Assert.Contains("gyre_feedback_total{deployment=\"churn\",variant=\"boosted\",type=\"label\"} 40", metrics);
    }

    [Fact]
    public async Task AMissingReferenceFileLeavesTheDeploymentServingAndSaysSoInItsEvents()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var missing = Path.Combine(_dir, "gone.csv");
        await host.CreateAsync(Spec(new MonitoringSpec { ReferenceData = missing, Drift = new DriftMonitorSpec() }), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.PostAsync("/deployments/churn/invocations", new StringContent(Body(0, 1, 0), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await host.GetEventsAsync("churn", ct: Ct);
        for (var i = 0; i < 100 && !events.Any(e => e.Kind == "monitoring_error"); i++)
        {
            await Task.Delay(20, Ct);
            events = await host.GetEventsAsync("churn", ct: Ct);
        }
        var error = Assert.Single(events, e => e.Kind == "monitoring_error");
        Assert.Contains("gone.csv", error.Reason);
    }

    [Fact]
    public async Task ReferenceDataLoggedWithARunThroughTheArtifactProxyIsFetchedAndDetectsDrift()
    {
        // As on `gyre server`: runs keep their artifacts behind the proxy (mlflow-artifacts:/), stored in a destination folder.
        await using var store = await TrackingStoreFactory.OpenAsync($"sqlite:///{Path.Combine(_dir, "gyre.db")}", ct: Ct);
        var destination = ArtifactRepositoryFactory.Create(Path.Combine(_dir, "artifacts"));
        var experiment = await store.CreateExperimentAsync("churn-training", "mlflow-artifacts:/churn-training", ct: Ct);
        var run = await store.CreateRunAsync(experiment, ct: Ct);
        var runFolder = run.Info.ArtifactUri["mlflow-artifacts:".Length..].Trim('/');
        await destination.PutFileAsync(runFolder + "/reference/train.csv", TrainCsv, Ct);

        var source = new ModelSource(ModelLoader.Default, store, store, destination, Path.Combine(_dir, "cache"));
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { ModelSource = source, EvaluationInterval = TimeSpan.Zero }, Ct);
        await host.CreateAsync(Spec(new MonitoringSpec
        {
            ReferenceData = $"runs:/{run.Info.RunId}/reference/train.csv",
            Drift = new DriftMonitorSpec { WindowRows = 300, MinRows = 300, Columns = ["tenure_months", "monthly_charges"] },
        }), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.PostAsync("/deployments/churn/invocations",
                new StringContent(Body(i * 10, 10, shift: 60), Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var raised = await MonitoringHostExtension.MonitoringOf(host).EvaluateNowAsync(Ct);
        Assert.Equal("data_drift", Assert.Single(raised).Kind);
        Assert.DoesNotContain(await host.GetEventsAsync("churn", ct: Ct), e => e.Kind == "monitoring_error");
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"monthly_charges\"} 1", await http.GetStringAsync("/metrics", Ct));
    }

    [Fact]
    public async Task AReferenceUriThatCannotBeFetchedSaysWhyInTheEvents()
    {
        await using var store = await TrackingStoreFactory.OpenAsync($"sqlite:///{Path.Combine(_dir, "gyre.db")}", ct: Ct);
        var source = new ModelSource(ModelLoader.Default, store, store, cacheDirectory: Path.Combine(_dir, "cache"));
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { ModelSource = source, EvaluationInterval = TimeSpan.Zero }, Ct);
        await host.CreateAsync(Spec(new MonitoringSpec { ReferenceData = "runs:/0123456789abcdef0123456789abcdef/train.csv", Drift = new DriftMonitorSpec() }), Ct);

        var events = await host.GetEventsAsync("churn", ct: Ct);
        for (var i = 0; i < 100 && !events.Any(e => e.Kind == "monitoring_error"); i++)
        {
            await Task.Delay(20, Ct);
            events = await host.GetEventsAsync("churn", ct: Ct);
        }
        var error = Assert.Single(events, e => e.Kind == "monitoring_error");
        Assert.Contains("cannot be fetched", error.Reason);
        Assert.Contains("0123456789abcdef0123456789abcdef", error.Reason);
    }
}
