namespace Gyre.Serving.Deployments;

/// <summary>Requests, errors (status 5xx) and total latency of one loaded variant; lock-free.</summary>
public sealed class VariantCounters
{
    private long _requests;
    private long _errors;
    private long _latencyTicks;

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    public double MeanLatencyMs
    {
        get
        {
            var n = Requests;
            return n == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks) / n).TotalMilliseconds;
        }
    }

    public void Record(bool succeeded, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        if (!succeeded) Interlocked.Increment(ref _errors);
        Interlocked.Add(ref _latencyTicks, latency.Ticks);
    }
}
