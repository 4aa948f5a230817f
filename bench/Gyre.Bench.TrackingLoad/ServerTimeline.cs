using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// When each garbage collection suspended the threads, started, ended and resumed them (the runtime's GC
/// events, by their own timestamps: they reach a listener later), to line up with request samples.
/// </summary>
public sealed class GcTimeline : EventListener
{
    private readonly ConcurrentQueue<(string Event, DateTime Time, int Generation)> _events = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var name = e.EventName switch
        {
            null => null,
            var n when n.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal) => "suspend",
            var n when n.StartsWith("GCSuspendEEEnd", StringComparison.Ordinal) => "suspended",
            var n when n.StartsWith("GCStart", StringComparison.Ordinal) => "start",
            var n when n.StartsWith("GCEnd", StringComparison.Ordinal) => "end",
            var n when n.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) => "resumed",
            _ => null,
        };
        if (name is null) return;
        var generation = name is "start" or "end" ? Convert.ToInt32(e.Payload![1]) : -1;
        _events.Enqueue((name, e.TimeStamp.ToUniversalTime(), generation));
    }

    /// <summary>Events since <paramref name="origin"/> (UTC), as (event, ms since origin, generation), in time order.</summary>
    public IEnumerable<(string Event, double Milliseconds, int Generation)> Since(DateTime origin) =>
        _events.Where(e => e.Time >= origin).OrderBy(e => e.Time).Select(e => (e.Event, (e.Time - origin).TotalMilliseconds, e.Generation));
}
