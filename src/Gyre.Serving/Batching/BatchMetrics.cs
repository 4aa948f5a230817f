using Gyre.Monitoring.Metrics;

namespace Gyre.Serving.Batching;

/// <summary>The series one <see cref="ModelBatcher"/> records into (resolved once, so a batch allocates nothing for metrics).</summary>
public sealed record BatchMetrics(Histogram.Series BatchSize, Histogram.Series BatchRows, Histogram.Series QueueDelay);
