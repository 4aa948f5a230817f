using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.InteropServices;

namespace Gyre.Tracking.Sql;

/// <summary>
/// What SQLite's writer and checkpointer threads spend their time on, as events (source "Gyre-Sqlite-Writer",
/// verbose level) for dotnet-trace, dotnet-counters' listeners or an in-process EventListener: each event
/// comes when the work ends and carries its duration, so a trace shows which commit, move or checkpoint a
/// slow request waited behind. Nothing is measured while no one listens.
/// </summary>
[EventSource(Name = "Gyre-Sqlite-Writer")]
internal sealed partial class SqliteWriterEvents : EventSource
{
    public static readonly SqliteWriterEvents Log = new();

    /// <summary>A start timestamp when someone listens, otherwise 0 (and the matching event is skipped).</summary>
    public long Start() => IsEnabled() ? Stopwatch.GetTimestamp() : 0;

    /// <summary>The calling thread's CPU time in ms when someone listens (Linux; otherwise 0).</summary>
    [NonEvent]
    public double ThreadCpuMilliseconds() => IsEnabled() && OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : 0;

    [NonEvent]
    public void GroupCommitted(long start, double startCpuMilliseconds, int operations)
    {
        if (start != 0) GroupCommitted(operations, Stopwatch.GetElapsedTime(start).TotalMilliseconds, ThreadCpuMilliseconds() - startCpuMilliseconds);
    }

    [NonEvent]
    public void BackgroundChunk(long start)
    {
        if (start != 0) BackgroundChunk(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    [NonEvent]
    public void Checkpointed(long start, string mode, long walFrames, long copiedFrames)
    {
        if (start != 0) Checkpointed(mode, walFrames, copiedFrames, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>
    /// One commit of client writes: how many operations it held, how long it took, and how much of that the
    /// writer spent on a CPU (the rest it waited: for the disk, or for a core other threads held).
    /// </summary>
    [Event(1, Level = EventLevel.Verbose)]
    public void GroupCommitted(int operations, double milliseconds, double cpuMilliseconds) => WriteEvent(1, operations, milliseconds, cpuMilliseconds);

    /// <summary>One chunk of background work (a move of deferred metric batches) in its own transaction.</summary>
    [Event(2, Level = EventLevel.Verbose)]
    public void BackgroundChunk(double milliseconds) => WriteEvent(2, milliseconds);

    /// <summary>A WAL checkpoint: its mode, the WAL's frames, how many are now in the database, its duration.</summary>
    [Event(3, Level = EventLevel.Verbose)]
    public void Checkpointed(string mode, long walFrames, long copiedFrames, double milliseconds) =>
        WriteEvent(3, mode, walFrames, copiedFrames, milliseconds);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
