using Gyre.Monitoring.Metrics;
using Gyre.Monitoring.Slo;
using Gyre.Serving.Observability.Slo;

namespace Gyre.Serving.Tests.Observability;

public sealed class SloMonitorTests
{
    private static SloMonitor Monitor(MetricRegistry registry, ManualTimeProvider time) => new("churn",
        [
            new SloDefinition("availability", SloKind.Availability, 0.99, TimeSpan.FromHours(1)),
            new SloDefinition("latency", SloKind.Latency, 0.99, TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(50)),
        ], registry, time);

    [Fact]
    public void AnErrorBurstFiresAPageAlertWithTheBurnRates()
    {
        var registry = new MetricRegistry();
        var time = new ManualTimeProvider(ObservabilityData.Start);
        var monitor = Monitor(registry, time);
        for (var i = 0; i < 1000; i++) monitor.Record(200, TimeSpan.FromMilliseconds(5));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(monitor.Evaluate());

        for (var i = 0; i < 200; i++) monitor.Record(503, TimeSpan.FromMilliseconds(5));
        var alerts = monitor.Evaluate();

        // 200 bad of 200 in the last minute: burn rate 100x the 1 % budget on both windows of every rule.
        var availability = alerts.Where(a => a.Subject.StartsWith("availability/", StringComparison.Ordinal)).ToArray();
        Assert.Contains(availability, a => a.Severity == "page");
        var page = availability.Single(a => a.Severity == "page");
        Assert.Equal("slo_burn_rate", page.Kind);
        Assert.Equal(100, page.Evidence["short_window_burn_rate"], 6);
        Assert.True(page.Evidence["error_budget_remaining"] < 0);
        Assert.Contains("SLO 'availability'", page.Message);
        // The failed requests also break the latency objective (a failure is never fast enough).
        Assert.Contains(alerts, a => a.Subject == "latency/page");

        var text = registry.Expose();
        Assert.Contains("gyre_slo_error_budget_remaining{deployment=\"churn\",slo=\"availability\"} -", text);
        Assert.Contains("gyre_slo_burn_rate{deployment=\"churn\",slo=\"availability\",window=\"1m\"} ", text);
        Assert.Equal(100, monitor.Trackers[0].BurnRate(TimeSpan.FromMinutes(1)), 6);
        Assert.Contains("gyre_slo_compliance{deployment=\"churn\",slo=\"availability\"} 0.8333", text);
    }

    [Fact]
    public void SlowAnswersBurnOnlyTheLatencyBudgetAndClientErrorsBurnNothing()
    {
        var registry = new MetricRegistry();
        var time = new ManualTimeProvider(ObservabilityData.Start);
        var monitor = Monitor(registry, time);
        for (var i = 0; i < 100; i++) monitor.Record(200, TimeSpan.FromMilliseconds(120));
        for (var i = 0; i < 100; i++) monitor.Record(400, TimeSpan.FromMilliseconds(1));

        var alerts = monitor.Evaluate();

        Assert.DoesNotContain(alerts, a => a.Subject.StartsWith("availability/", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.Subject == "latency/page");
        Assert.Equal(1, monitor.Trackers[0].Status().Compliance);
    }
}
