using System.Diagnostics;
using System.Globalization;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// Waits until other processes leave the CPU to this one, so a phase measures the server rather than its
/// neighbours. The issue's own command (`dotnet run`, which builds first) is one: its parent process keeps
/// about one of the two cores busy for 3-4 s after starting the benchmark (measured from /proc), which is
/// when the first phases run. Linux only (/proc/stat); elsewhere it returns at once.
/// </summary>
public static class QuietMachine
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits (at most <paramref name="limit"/>) for two samples in a row where others used under 10 % of a core; returns how long it waited.</summary>
    public static async Task<TimeSpan> WaitAsync(TimeSpan limit)
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var quietSamples = 0;
        while (quietSamples < 2 && clock.Elapsed < limit)
        {
            var (busyBefore, ownBefore) = (BusySeconds(), OwnSeconds());
            await Task.Delay(Sample);
            var others = BusySeconds() - busyBefore - (OwnSeconds() - ownBefore);
            quietSamples = others < 0.1 * Sample.TotalSeconds ? quietSamples + 1 : 0;
        }
        return clock.Elapsed;
    }

    private static double OwnSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>CPU seconds all processors spent busy since boot (user, nice, system, irq, softirq).</summary>
    private static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var jiffies = new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return jiffies / 100.0; // USER_HZ
    }
}
