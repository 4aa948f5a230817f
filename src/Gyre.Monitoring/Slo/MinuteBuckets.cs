namespace Gyre.Monitoring.Slo;

/// <summary>
/// Good and bad event counts in one-minute buckets over a rolling span, in a ring: recording is O(1)
/// and lock-free except when a bucket is recycled for a new minute.
/// </summary>
internal sealed class MinuteBuckets(int minutes)
{
    private readonly long[] _minuteOf = CreateStamps(minutes);
    private readonly long[] _good = new long[minutes];
    private readonly long[] _bad = new long[minutes];
    private readonly Lock _recycle = new();

    public int Minutes => minutes;

    public void Record(long minute, bool good)
    {
        var slot = (int)(minute % minutes);
        if (Volatile.Read(ref _minuteOf[slot]) != minute)
        {
            lock (_recycle)
            {
                if (_minuteOf[slot] != minute)
                {
                    if (_minuteOf[slot] > minute) return; // an event older than the ring: too late to count
                    _good[slot] = 0;
                    _bad[slot] = 0;
                    Volatile.Write(ref _minuteOf[slot], minute);
                }
            }
        }
        if (good) Interlocked.Increment(ref _good[slot]);
        else Interlocked.Increment(ref _bad[slot]);
    }

    /// <summary>Totals over the <paramref name="span"/> minutes ending with <paramref name="currentMinute"/>.</summary>
    public (long Good, long Bad) Sum(long currentMinute, int span)
    {
        span = Math.Min(span, minutes);
        long good = 0, bad = 0;
        for (var m = currentMinute - span + 1; m <= currentMinute; m++)
        {
            if (m < 0) continue;
            var slot = (int)(m % minutes);
            if (Volatile.Read(ref _minuteOf[slot]) != m) continue;
            good += Interlocked.Read(ref _good[slot]);
            bad += Interlocked.Read(ref _bad[slot]);
        }
        return (good, bad);
    }

    private static long[] CreateStamps(int minutes)
    {
        var stamps = new long[minutes];
        Array.Fill(stamps, -1);
        return stamps;
    }
}
