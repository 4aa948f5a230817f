using System.Collections.Concurrent;
using Gyre.Core.Data;
using Gyre.Models.Abstractions;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Observability;
using Gyre.Serving.PredictionLog;

namespace Gyre.Serving.Tests.Observability;

public sealed class DeploymentMonitoringTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gyre-monitoring-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ShiftedTrafficRaisesOneDriftAlertIntoTheEventLogAndCommand()
    {
        var registry = new MetricRegistry();
        var events = new ConcurrentQueue<DeploymentEvent>();
        var retrain = Path.Combine(_folder, "retrain.json");
        await using var monitoring = new DeploymentMonitoring(registry, (e, _) => { events.Enqueue(e); return Task.CompletedTask; },
            new DeploymentMonitoringOptions { EvaluationInterval = TimeSpan.Zero });
        monitoring.Configure("churn", new MonitoringSpec
        {
            ReferenceData = ObservabilityData.WriteReferenceCsv(_folder),
            Drift = new DriftMonitorSpec { WindowRows = 1000, MinRows = 200, DriftShare = 0.3 },
            Alerts = new AlertSinksSpec { Commands = [new CommandSpec { Command = ["/bin/sh", "-c", $"cat > '{retrain}'"] }] },
        });
        var random = new Random(21);
        for (var i = 0; i < 1000; i++) monitoring.OnScored(ObservabilityData.Request(random, "churn", i, xMean: 2, ObservabilityData.Start));
        // Requests of deployments without monitoring, and mirrored copies, are ignored.
        monitoring.OnScored(ObservabilityData.Request(random, "other", 0, 0, ObservabilityData.Start));

        var raised = await monitoring.EvaluateNowAsync(TestContext.Current.CancellationToken);
        Assert.Empty(await monitoring.EvaluateNowAsync(TestContext.Current.CancellationToken)); // same episode: no repeat
        await monitoring.Alerts.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal("data_drift", Assert.Single(raised).Kind);
        var alert = Assert.Single(events, e => e.Kind == "alert");
        Assert.StartsWith("data_drift (warning): data drift: 1 of 3 features drifted", alert.Reason);
        Assert.Single(events, e => e.Kind == "alert_command" && e.Evidence["exit_code"] == 0);
        Assert.Contains("\"kind\":\"data_drift\"", File.ReadAllText(retrain));
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"x\"} 1", registry.Expose());
        Assert.DoesNotContain("deployment=\"other\"", registry.Expose());

        // Removing the monitoring removes its series.
        monitoring.Configure("churn", null);
        Assert.DoesNotContain("gyre_drift_detected{deployment=\"churn\"", registry.Expose());
    }

    [Fact]
    public async Task FeedbackLabelsAreJudgedAgainstTheServedPrediction()
    {
        var registry = new MetricRegistry();
        await using var monitoring = new DeploymentMonitoring(registry, options: new DeploymentMonitoringOptions { EvaluationInterval = TimeSpan.Zero });
        monitoring.Configure("churn", new MonitoringSpec { Feedback = new FeedbackMonitorSpec { Window = 10 } });
        var random = new Random(1);
        for (var i = 0; i < 4; i++)
            monitoring.OnScored(ObservabilityData.Request(random, "churn", i, 0, ObservabilityData.Start, label: i % 2));

        monitoring.OnFeedback("churn", new FeedbackRecord("req-0", "blue", null, "0", ObservabilityData.Start)); // right
        monitoring.OnFeedback("churn", new FeedbackRecord("req-1", "blue", null, "1", ObservabilityData.Start)); // right
        monitoring.OnFeedback("churn", new FeedbackRecord("req-2", "blue", null, "1", ObservabilityData.Start)); // wrong
        monitoring.OnFeedback("churn", new FeedbackRecord("req-3", "blue", null, "true", ObservabilityData.Start)); // right

        Assert.Equal(0.75, monitoring.PerformanceOf("churn")!.Accuracy("blue"), 9);
        Assert.Contains("gyre_feedback_accuracy{deployment=\"churn\",variant=\"blue\"} 0.75", registry.Expose());
    }

    [Fact]
    public async Task ServedRequestsFeedTheSlosAndABurstAlerts()
    {
        var registry = new MetricRegistry();
        var time = new ManualTimeProvider(ObservabilityData.Start);
        var events = new ConcurrentQueue<DeploymentEvent>();
        await using var monitoring = new DeploymentMonitoring(registry, (e, _) => { events.Enqueue(e); return Task.CompletedTask; },
            new DeploymentMonitoringOptions { EvaluationInterval = TimeSpan.Zero, Time = time });
        monitoring.Configure("churn", new MonitoringSpec { Slos = [new SloSpec { Name = "availability", Objective = 0.999, WindowSeconds = 3600 }] });
        var random = new Random(2);
        for (var i = 0; i < 50; i++) monitoring.OnScored(ObservabilityData.Request(random, "churn", i, 0, time.GetUtcNow(), status: 500));

        await monitoring.EvaluateNowAsync(TestContext.Current.CancellationToken);
        await monitoring.EvaluateNowAsync(TestContext.Current.CancellationToken); // still burning: cooled down
        await monitoring.Alerts.FlushAsync(TestContext.Current.CancellationToken);

        var pages = events.Where(e => e.Kind == "alert" && e.Reason.StartsWith("slo_burn_rate (page)", StringComparison.Ordinal)).ToArray();
        Assert.Single(pages);
        Assert.Equal(1000, pages[0].Evidence["short_window_burn_rate"], 6);
    }

    [Fact]
    public async Task ABadSpecIsRefusedAndTheOldMonitoringStays()
    {
        await using var monitoring = new DeploymentMonitoring(new MetricRegistry(), options: new DeploymentMonitoringOptions { EvaluationInterval = TimeSpan.Zero });
        monitoring.Configure("churn", new MonitoringSpec { Feedback = new FeedbackMonitorSpec() });
        var error = Assert.Throws<Gyre.Core.Errors.GyreException>(() => monitoring.Configure("churn", new MonitoringSpec
        {
            Slos = [new SloSpec { Name = "fast", Kind = "latency", Objective = 0.99 }],
        }));
        Assert.Contains("latency threshold", error.Message);
        Assert.NotNull(monitoring.PerformanceOf("churn"));
    }

    [Fact]
    public async Task ThePredictionLogKeepsSampledServedRowsWithTheirRequestIds()
    {
        var folder = Path.Combine(_folder, "log");
        var registry = new MetricRegistry();
        await using (var writer = new PredictionLogWriter(folder))
        await using (var observer = new PredictionLogObserver(writer, registry))
        {
            observer.SetSampleRate("quiet", 0);
            var frame = new DataFrame([new DoubleColumn("x", [1.5, 2.5]), new StringColumn("plan", ["pro", "basic"])]);
            var outputs = new Dictionary<string, Tensor>
            {
                ["label"] = Tensor.FromInt64([1, 0], 2),
                ["probabilities"] = Tensor.FromFloat([0.25f, 0.75f, 0.5f, 0.5f], 2, 2),
            };
            observer.OnScored(new ScoredRequest("churn", "blue", "3", "r-1", false, 200, TimeSpan.FromMilliseconds(1.5), frame, outputs, ObservabilityData.Start));
            observer.OnScored(new ScoredRequest("churn", "green", "4", "r-2", true, 200, TimeSpan.FromMilliseconds(1), frame, outputs, ObservabilityData.Start));
            observer.OnScored(new ScoredRequest("churn", "blue", "3", "r-3", false, 500, TimeSpan.FromMilliseconds(1), frame, null, ObservabilityData.Start));
            observer.OnScored(new ScoredRequest("quiet", "blue", "3", "r-4", false, 200, TimeSpan.FromMilliseconds(1), frame, outputs, ObservabilityData.Start));
            await observer.FlushAsync(TestContext.Current.CancellationToken);
        }

        var records = PredictionLogReader.Read(folder).ToList();
        Assert.Equal(["r-1#0", "r-1#1"], records.Select(r => r.RequestId));
        Assert.Equal(2.5, records[1].Inputs["x"]);
        Assert.Equal("basic", records[1].Inputs["plan"]);
        Assert.Equal(0.0, records[1].Outputs["label"]);
        Assert.Equal(0.75, records[0].Outputs["probabilities_1"]);
        Assert.Equal("3", records[0].ModelVersion);
        Assert.Contains("gyre_prediction_log_records_total{deployment=\"churn\"} 2", registry.Expose());
    }
}
