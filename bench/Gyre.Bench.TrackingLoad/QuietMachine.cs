using System.Diagnostics;
using System.Globalization;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// Waits until the CPU is quiet before a phase is measured: the server's own background work done (after the
/// warm-up, the write-behind moves its batches and a checkpoint runs) and other processes gone. The issue's
/// own command (`dotnet run`, which builds first) is one such process: its parent keeps about one of the two
/// cores busy for 3-4 s after starting the benchmark (measured from /proc), which is when the first phases
/// run. Linux only (/proc/stat); elsewhere it returns at once.
/// </summary>
public static class QuietMachine
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits (at most <paramref name="limit"/>) for two samples in a row where all processes, this one included, used under 10 % of a core; returns how long it waited.</summary>
    public static async Task<TimeSpan> WaitAsync(TimeSpan limit)
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var quietSamples = 0;
        while (quietSamples < 2 && clock.Elapsed < limit)
        {
            var busyBefore = BusySeconds();
            await Task.Delay(Sample);
            quietSamples = BusySeconds() - busyBefore < 0.1 * Sample.TotalSeconds ? quietSamples + 1 : 0;
        }
        return clock.Elapsed;
    }

    /// <summary>CPU seconds all processors spent busy since boot (user, nice, system, irq, softirq).</summary>
    private static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var jiffies = new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return jiffies / 100.0; // USER_HZ
    }
}
