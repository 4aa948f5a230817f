namespace Gyre.Monitoring.Metrics;

/// <summary>The metric types of the Prometheus text format that Gyre exposes.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
