using Gyre.Core.Data;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Observability;
using Gyre.Serving.Observability.Drift;

namespace Gyre.Serving.Tests.Observability;

public sealed class DriftMonitorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"gyre-drift-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private DriftMonitor Monitor(MetricRegistry registry, DriftMonitorSpec spec) =>
        new("churn", CsvTable.Read(ObservabilityData.WriteReferenceCsv(_folder)), spec, new DriftGauges(registry));

    private static void Feed(DriftMonitor monitor, Random random, int rows, double xMean, DateTimeOffset time)
    {
        for (var i = 0; i < rows; i++)
            monitor.Add(ObservabilityData.Request(random, "churn", i, xMean, time).Inputs!, time);
    }

    [Fact]
    public void AShiftedFeatureDriftsAndAnUnshiftedOneDoesNot()
    {
        var registry = new MetricRegistry();
        var monitor = Monitor(registry, new DriftMonitorSpec { WindowRows = 1000, MinRows = 100 });
        var random = new Random(7);
        var now = ObservabilityData.Start;

        Feed(monitor, random, 1000, xMean: 1.0, now);
        var alert = monitor.EvaluateIfDue(now);

        var result = monitor.Latest!;
        Assert.True(result.Columns.Single(c => c.Column == "x").Drift);
        Assert.False(result.Columns.Single(c => c.Column == "y").Drift);
        Assert.False(result.Columns.Single(c => c.Column == "plan").Drift);
        var text = registry.Expose();
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"x\"} 1", text);
        Assert.Contains("gyre_drift_detected{deployment=\"churn\",feature=\"y\"} 0", text);
        Assert.Contains("gyre_drift_score{deployment=\"churn\",feature=\"x\",method=\"wasserstein_normed\"}", text);
        Assert.Contains("gyre_dataset_drift_share{deployment=\"churn\"} 0.3333", text);

        // One of three features is below the default share of 0.5: no dataset alert.
        Assert.Null(alert);
    }

    [Fact]
    public void TheDatasetVerdictFlippingToDriftedAlertsOnceWithTheEvidence()
    {
        var registry = new MetricRegistry();
        var monitor = Monitor(registry, new DriftMonitorSpec { WindowRows = 1000, MinRows = 100, DriftShare = 0.3, EvaluateEverySeconds = 10 });
        var random = new Random(11);
        var now = ObservabilityData.Start;

        Feed(monitor, random, 1000, xMean: 0, now);
        Assert.Null(monitor.EvaluateIfDue(now));
        Assert.False(monitor.Latest!.DatasetDrift);

        now += TimeSpan.FromSeconds(10);
        Feed(monitor, random, 1000, xMean: 1.5, now); // the window now holds only shifted traffic
        var alert = monitor.EvaluateIfDue(now);
        Assert.NotNull(alert);
        Assert.Equal("data_drift", alert.Kind);
        Assert.Equal(1, alert.Evidence["drifted_columns"]);
        Assert.Equal(1000, alert.Evidence["window_rows"]);
        Assert.True(alert.Evidence["x.wasserstein_normed"] > 0.1);
        Assert.Contains("x (wasserstein_normed", alert.Message);
        Assert.Contains("gyre_dataset_drift{deployment=\"churn\"} 1", registry.Expose());

        // Still drifted at the next evaluation: no second alert for the same episode.
        now += TimeSpan.FromSeconds(10);
        Feed(monitor, random, 50, xMean: 1.5, now);
        Assert.Null(monitor.EvaluateIfDue(now));
        Assert.True(monitor.Latest!.DatasetDrift);
    }

    [Fact]
    public void EvaluationWaitsForMinimumRowsAndForItsInterval()
    {
        var registry = new MetricRegistry();
        var monitor = Monitor(registry, new DriftMonitorSpec { WindowRows = 300, MinRows = 200, EvaluateEverySeconds = 60 });
        var random = new Random(3);
        var now = ObservabilityData.Start;
        Feed(monitor, random, 150, 2, now);
        Assert.Null(monitor.EvaluateIfDue(now));
        Assert.Null(monitor.Latest);
        Assert.Contains("gyre_drift_window_rows{deployment=\"churn\"} 150", registry.Expose());

        Feed(monitor, random, 100, 2, now);
        monitor.EvaluateIfDue(now + TimeSpan.FromSeconds(30)); // not due yet
        Assert.Null(monitor.Latest);
        monitor.EvaluateIfDue(now + TimeSpan.FromSeconds(60));
        Assert.Equal(250, monitor.Latest!.CurrentRows);
    }

    [Fact]
    public void RowsOlderThanTheWindowAgeAreLeftOut()
    {
        var registry = new MetricRegistry();
        var monitor = Monitor(registry, new DriftMonitorSpec { WindowRows = 1000, MinRows = 100, WindowSeconds = 60 });
        var random = new Random(5);
        var now = ObservabilityData.Start;
        Feed(monitor, random, 300, xMean: 3, now);                          // old, shifted
        Feed(monitor, random, 300, xMean: 0, now + TimeSpan.FromMinutes(5)); // recent, unshifted

        monitor.EvaluateIfDue(now + TimeSpan.FromMinutes(5.5), force: true);
        Assert.Equal(300, monitor.Latest!.CurrentRows);
        Assert.False(monitor.Latest.Columns.Single(c => c.Column == "x").Drift);
    }

    [Fact]
    public void BadSettingsAreRefusedWithTheirName()
    {
        var spec = new MonitoringSpec { Drift = new DriftMonitorSpec { WindowRows = 100, MinRows = 500 }, ReferenceData = "ref.csv" };
        var error = Assert.Throws<Gyre.Core.Errors.GyreException>(() => spec.Validate("churn"));
        Assert.Contains("min_rows", error.Message);

        var noReference = new MonitoringSpec { Drift = new DriftMonitorSpec() };
        Assert.Contains("reference_data", Assert.Throws<Gyre.Core.Errors.GyreException>(() => noReference.Validate("churn")).Message);

        var missing = Assert.Throws<Gyre.Core.Errors.GyreException>(() => DriftMonitor.LoadReference("churn", Path.Combine(_folder, "nope.csv")));
        Assert.Contains("nope.csv", missing.Message);
    }
}
