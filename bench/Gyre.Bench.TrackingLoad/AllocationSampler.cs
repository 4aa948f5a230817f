using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Gyre.Bench.TrackingLoad;

/// <summary>Samples the runtime's allocation ticks (one per ~100 kB allocated) by type name.</summary>
public sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    public bool Recording { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var name = e.PayloadNames!.IndexOf("TypeName") is var i and >= 0 ? e.Payload[i] as string ?? "?" : "?";
        var amount = e.PayloadNames!.IndexOf("AllocationAmount64") is var j and >= 0 ? Convert.ToInt64(e.Payload[j]) : 100_000;
        var kind = e.PayloadNames!.IndexOf("AllocationKind") is var k and >= 0 ? Convert.ToInt32(e.Payload[k]) : 0;
        if (kind == 1) name += " (large object heap)";
        // Arrays and strings by size too: their size says which buffer they are.
        if (name is "System.Byte[]" or "System.String" or "System.Char[]" or "System.Int32[]" && e.PayloadNames.IndexOf("ObjectSize") is var s and >= 0)
            name += $" of ~{SizeBucket(Convert.ToInt64(e.Payload[s]))} bytes";
        _bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
    }

    private static long SizeBucket(long size) => size < 64 ? size / 8 * 8 : (long)Math.Pow(2, Math.Round(Math.Log2(size) * 2) / 2);

    public void Print()
    {
        var total = _bytes.Values.Sum();
        foreach (var (name, bytes) in _bytes.OrderByDescending(p => p.Value).Take(40))
            Console.Error.WriteLine($"{bytes * 100.0 / total,5:F1}%  {bytes / 1024 / 1024,6} MB  {name}");
    }
}
