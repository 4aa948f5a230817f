namespace Gyre.Monitoring.Metrics;

/// <summary>Lock-free add on a double: metrics are recorded on the inference hot path by many threads.</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current)) return;
            current = seen;
        }
    }
}
