using System.Collections.Concurrent;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Observability;
using Gyre.Serving.Observability.Alerts;
using Gyre.Serving.Observability.Feedback;

namespace Gyre.Serving.Tests.Observability;

public sealed class PerformanceMonitorTests
{
    private static FeedbackRecord Label(int i, string label, string variant = "blue") =>
        new($"req-{i}", variant, null, label, ObservabilityData.Start);

    [Fact]
    public void RollingAccuracyFollowsTheLabelsAndADropAlertsOnce()
    {
        var registry = new MetricRegistry();
        var alerts = new ConcurrentQueue<Alert>();
        var monitor = new PerformanceMonitor("churn", new FeedbackMonitorSpec { Window = 100, AccuracyDrop = 0.1 }, registry,
            a => { alerts.Enqueue(a); return true; }, new ManualTimeProvider(ObservabilityData.Start));

        // First window: 90 % right. It becomes the baseline.
        for (var i = 0; i < 100; i++) monitor.Record(Label(i, "1"), predicted: i % 10 == 0 ? "0" : "1");
        Assert.Equal(0.9, monitor.Accuracy("blue"), 9);
        Assert.Contains("gyre_feedback_baseline_accuracy{deployment=\"churn\",variant=\"blue\"} 0.9", registry.Expose());

        // Then the model gets half of them wrong: once the window has slid past 0.8, concept drift.
        for (var i = 100; i < 200; i++) monitor.Record(Label(i, "1.0"), predicted: i % 2 == 0 ? "0" : "1");
        Assert.Equal(0.5, monitor.Accuracy("blue"), 9);
        var alert = Assert.Single(alerts);
        Assert.Equal("concept_drift", alert.Kind);
        Assert.Equal(0.9, alert.Evidence["baseline"], 9);
        Assert.True(alert.Evidence["current"] < 0.8);
        Assert.Equal("blue/accuracy", alert.Subject);
        Assert.Contains("gyre_feedback_accuracy{deployment=\"churn\",variant=\"blue\"} 0.5", registry.Expose());

        // Labels of requests whose prediction is unknown are counted apart, not as errors.
        monitor.Record(Label(999, "1"), predicted: null);
        Assert.Equal(0.5, monitor.Accuracy("blue"), 9);
        Assert.Contains("gyre_feedback_unmatched_total{deployment=\"churn\"} 1", registry.Expose());
    }

    [Fact]
    public void MeanRewardIsTrackedPerVariantAndItsDropAlerts()
    {
        var registry = new MetricRegistry();
        var alerts = new ConcurrentQueue<Alert>();
        var monitor = new PerformanceMonitor("ads", new FeedbackMonitorSpec { Window = 50, RewardDrop = 0.2 }, registry,
            a => { alerts.Enqueue(a); return true; }, TimeProvider.System);
        for (var i = 0; i < 50; i++)
        {
            monitor.Record(new FeedbackRecord($"a{i}", "a", i % 2, null, ObservabilityData.Start), null);
            monitor.Record(new FeedbackRecord($"b{i}", "b", 1, null, ObservabilityData.Start), null);
        }
        Assert.Equal(0.5, monitor.MeanReward("a"), 9);
        Assert.Equal(1, monitor.MeanReward("b"), 9);
        Assert.Empty(alerts);

        for (var i = 0; i < 50; i++) monitor.Record(new FeedbackRecord($"b{i}", "b", 0.5, null, ObservabilityData.Start), null);
        var alert = Assert.Single(alerts);
        Assert.Equal("b/mean reward", alert.Subject);
    }
}
