using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Gyre.Tracking.Sql;

/// <summary>
/// What SQLite's writer and checkpointer threads spend their time on, as events (source "Gyre-Sqlite-Writer",
/// verbose level) for dotnet-trace, dotnet-counters' listeners or an in-process EventListener: each event
/// comes when the work ends and carries its duration, so a trace shows which commit, move or checkpoint a
/// slow request waited behind. Nothing is measured while no one listens.
/// </summary>
[EventSource(Name = "Gyre-Sqlite-Writer")]
internal sealed class SqliteWriterEvents : EventSource
{
    public static readonly SqliteWriterEvents Log = new();

    /// <summary>A start timestamp when someone listens, otherwise 0 (and the matching event is skipped).</summary>
    public long Start() => IsEnabled() ? Stopwatch.GetTimestamp() : 0;

    [NonEvent]
    public void GroupCommitted(long start, int operations)
    {
        if (start != 0) GroupCommitted(operations, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
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

    /// <summary>One commit of client writes: how many operations it held and how long the writer took.</summary>
    [Event(1, Level = EventLevel.Verbose)]
    public void GroupCommitted(int operations, double milliseconds) => WriteEvent(1, operations, milliseconds);

    /// <summary>One chunk of background work (a move of deferred metric batches) in its own transaction.</summary>
    [Event(2, Level = EventLevel.Verbose)]
    public void BackgroundChunk(double milliseconds) => WriteEvent(2, milliseconds);

    /// <summary>A WAL checkpoint: its mode, the WAL's frames, how many are now in the database, its duration.</summary>
    [Event(3, Level = EventLevel.Verbose)]
    public void Checkpointed(string mode, long walFrames, long copiedFrames, double milliseconds) =>
        WriteEvent(3, mode, walFrames, copiedFrames, milliseconds);
}
