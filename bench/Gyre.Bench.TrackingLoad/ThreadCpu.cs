using System.Globalization;

namespace Gyre.Bench.TrackingLoad;

/// <summary>CPU time of this process's threads with a given name (Linux /proc), e.g. the SQLite writer thread.</summary>
public static class ThreadCpu
{
    /// <summary>Summed user + system time of the threads whose name starts with <paramref name="prefix"/>; zero elsewhere.</summary>
    public static TimeSpan Named(string prefix)
    {
        var ticks = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal)) continue;
                    // Fields after the parenthesised name: state is field 3, utime 14, stime 15 (clock ticks).
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            return TimeSpan.Zero;
        }
        // Linux reports these in USER_HZ, which is 100 on every mainstream distribution.
        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }
}
