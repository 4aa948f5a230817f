using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Gyre.Bench.TrackingLoad;

/// <summary>When each garbage collection started and ended (the runtime's GC events), to line up with request samples.</summary>
public sealed class GcTimeline : EventListener
{
    private readonly ConcurrentQueue<(string Event, long Ticks, int Generation)> _events = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null) return;
        if (e.EventName.StartsWith("GCStart", StringComparison.Ordinal))
            _events.Enqueue(("start", Stopwatch.GetTimestamp(), Convert.ToInt32(e.Payload![1])));
        else if (e.EventName.StartsWith("GCEnd", StringComparison.Ordinal))
            _events.Enqueue(("end", Stopwatch.GetTimestamp(), Convert.ToInt32(e.Payload![1])));
        else if (e.EventName.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal))
            _events.Enqueue(("suspend", Stopwatch.GetTimestamp(), -1));
        else if (e.EventName.StartsWith("GCRestartEEEnd", StringComparison.Ordinal))
            _events.Enqueue(("resumed", Stopwatch.GetTimestamp(), -1));
    }

    /// <summary>Events since <paramref name="originTicks"/>, as (event, ms since origin, generation).</summary>
    public IEnumerable<(string Event, double Milliseconds, int Generation)> Since(long originTicks) =>
        _events.Where(e => e.Ticks >= originTicks).Select(e => (e.Event, (e.Ticks - originTicks) * 1000.0 / Stopwatch.Frequency, e.Generation));
}
