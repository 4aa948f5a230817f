using Gyre.Monitoring.Metrics;

namespace Gyre.Serving.Rollouts;

/// <summary>Requests, errors and latencies of one arm during one canary stage; thread-safe.</summary>
internal sealed class ArmCounters
{
    private readonly Histogram.Series _latency = new Histogram("stage_latency_seconds", "Stage latency.", Histogram.LatencySecondsBuckets).WithLabels();
    private long _requests;
    private long _errors;

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public void Record(bool succeeded, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        if (!succeeded) Interlocked.Increment(ref _errors);
        _latency.Observe(latency.TotalSeconds);
    }

    public double LatencyQuantileSeconds(double q) => _latency.Snapshot().Quantile(q);
}
