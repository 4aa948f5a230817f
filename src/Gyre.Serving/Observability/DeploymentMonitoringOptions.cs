using Gyre.Serving.Observability.Drift;

namespace Gyre.Serving.Observability;

/// <summary>How the monitoring of all deployments runs.</summary>
public sealed record DeploymentMonitoringOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How often drift windows (when due) and SLOs are evaluated; zero or less: only by EvaluateNowAsync (tests).</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Scored requests waiting for the drift windows; beyond this they are dropped (and counted), never blocking a request.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Recent requests whose predicted label is remembered for feedback labels.</summary>
    public int RememberedPredictions { get; init; } = 100_000;

    /// <summary>Alerts waiting for delivery.</summary>
    public int AlertQueueCapacity { get; init; } = 1024;

    /// <summary>Runs at the start of every evaluation (the host attachment syncs deployment specs here).</summary>
    public Action? BeforeEvaluation { get; init; }

    /// <summary>
    /// Turns a monitoring spec's <c>reference_data</c> location into a local file (the host attachment fetches
    /// <c>runs:/</c>, <c>s3://</c> and <c>mlflow-artifacts:</c> URIs through its model source); by default a path.
    /// </summary>
    public Func<string, string> ResolveReferenceData { get; init; } = DriftMonitor.LocalPath;

    /// <summary>First wait between webhook attempts (doubles each retry).</summary>
    public TimeSpan WebhookBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
