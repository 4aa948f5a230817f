using Gyre.Monitoring.Metrics;

namespace Gyre.Serving.Observability.Drift;

/// <summary>The drift series on the host's registry, shared by every deployment's monitor.</summary>
public sealed class DriftGauges(MetricRegistry registry)
{
    public const string DriftScore = "gyre_drift_score";
    public const string DriftPValue = "gyre_drift_p_value";
    public const string DriftDetected = "gyre_drift_detected";
    public const string DatasetDriftShare = "gyre_dataset_drift_share";
    public const string DatasetDrift = "gyre_dataset_drift";
    public const string DriftWindowRows = "gyre_drift_window_rows";

    public Gauge Score { get; } = registry.Gauge(DriftScore,
        "The drift method's statistic for a feature over the latest window of served inputs vs the reference data.", "deployment", "feature", "method");

    public Gauge PValue { get; } = registry.Gauge(DriftPValue,
        "The p-value of a test-based drift method for a feature (absent for distance methods).", "deployment", "feature", "method");

    public Gauge Detected { get; } = registry.Gauge(DriftDetected, "1 when the feature drifted in the latest window, else 0.", "deployment", "feature");

    public Gauge Share { get; } = registry.Gauge(DatasetDriftShare, "The share of evaluated features that drifted in the latest window.", "deployment");

    public Gauge Dataset { get; } = registry.Gauge(DatasetDrift, "1 when the data set drifted (share >= drift_share) in the latest window, else 0.", "deployment");

    public Gauge WindowRows { get; } = registry.Gauge(DriftWindowRows, "Served rows in the drift window at the latest evaluation.", "deployment");
}
