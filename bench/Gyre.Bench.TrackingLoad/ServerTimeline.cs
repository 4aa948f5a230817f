using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// What the server process did besides answering requests, to line up with request samples: when each
/// garbage collection suspended the threads, started, ended and resumed them and what it promoted (the
/// runtime's GC events); each method compiled (JIT events); each SQLite writer commit, background move and WAL
/// checkpoint with its duration (Gyre-Sqlite-Writer); and each Kestrel connection and request start.
/// Events are placed by their own timestamps, as they reach a listener later.
/// </summary>
public sealed class ServerTimeline : EventListener
{
    private readonly ConcurrentQueue<(string Event, DateTime Start, double Milliseconds, string Detail)> _events = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        // GC (0x1) and JIT (0x10) keywords: collections, and methods compiled while requests wait.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x11);
        if (source.Name == "Gyre-Sqlite-Writer") EnableEvents(source, EventLevel.Verbose);
        if (source.Name == "Microsoft-AspNetCore-Server-Kestrel") EnableEvents(source, EventLevel.Verbose);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var at = e.TimeStamp.ToUniversalTime();
        switch (e.EventName)
        {
            case "GroupCommitted":
                AddSpan("commit", at, e.Payload![1], string.Create(CultureInfo.InvariantCulture, $"{e.Payload[0]} ops; cpu {Convert.ToDouble(e.Payload[2]):F1} ms"));
                return;
            case "BackgroundChunk":
                AddSpan("move", at, e.Payload![0], "");
                return;
            case "MethodLoadVerbose_V2" or "MethodLoadVerbose_V1" or "MethodLoadVerbose":
                _events.Enqueue(("jit", at, 0, $"{e.Payload![e.PayloadNames!.IndexOf("MethodNamespace")]}.{e.Payload[e.PayloadNames.IndexOf("MethodName")]}".Replace(',', ';')));
                return;
            case "GCHeapStats_V2":
                _events.Enqueue(("gc-heap", at, 0, string.Create(CultureInfo.InvariantCulture,
                    $"promoted gen0 {Convert.ToDouble(e.Payload![1]) / 1e6:F2} MB gen1 {Convert.ToDouble(e.Payload[3]) / 1e6:F2} MB; gen0 {Convert.ToDouble(e.Payload[0]) / 1e6:F1} MB gen1 {Convert.ToDouble(e.Payload[2]) / 1e6:F1} MB gen2 {Convert.ToDouble(e.Payload[4]) / 1e6:F1} MB; {e.Payload[10]} pinned objects")));
                return;
            case "Checkpointed":
                AddSpan("checkpoint", at, e.Payload![3], $"{e.Payload[0]} {e.Payload[2]}/{e.Payload[1]} frames");
                return;
        }
        var name = e.EventName switch
        {
            null => null,
            "ConnectionStart" => "kestrel-connection",
            "RequestStart" => "kestrel-request",
            var n when n.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal) => "gc-suspend",
            var n when n.StartsWith("GCSuspendEEEnd", StringComparison.Ordinal) => "gc-suspended",
            var n when n.StartsWith("GCStart", StringComparison.Ordinal) => "gc-start",
            var n when n.StartsWith("GCEnd", StringComparison.Ordinal) => "gc-end",
            var n when n.StartsWith("GCRestartEEEnd", StringComparison.Ordinal) => "gc-resumed",
            _ => null,
        };
        if (name is null) return;
        var detail = name is "gc-start" or "gc-end" ? $"gen {e.Payload![1]}" : "";
        _events.Enqueue((name, at, 0, detail));
    }

    private void AddSpan(string name, DateTime end, object? milliseconds, string detail)
    {
        var duration = Convert.ToDouble(milliseconds, CultureInfo.InvariantCulture);
        _events.Enqueue((name, end - TimeSpan.FromMilliseconds(duration), duration, detail));
    }

    /// <summary>Events since <paramref name="origin"/> (UTC), as (event, ms since origin, duration ms, detail), in time order.</summary>
    public IEnumerable<(string Event, double Milliseconds, double Duration, string Detail)> Since(DateTime origin) =>
        _events.Where(e => e.Start >= origin).OrderBy(e => e.Start).Select(e => (e.Event, (e.Start - origin).TotalMilliseconds, e.Milliseconds, e.Detail));
}
