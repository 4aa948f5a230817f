using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Gyre.Bench.TrackingLoad;

/// <summary>Per-endpoint latencies and failures of one phase, safe to record from many clients at once.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <summary>When the recorder was made: sample times count from here.</summary>
    public DateTime OriginUtc { get; } = DateTime.UtcNow;

    /// <summary>One request: when it started (ms since the recorder was made) and how long it took.</summary>
    public readonly record struct Sample(string Endpoint, double StartMilliseconds, double Milliseconds);

    public void Record(string endpoint, double milliseconds)
    {
        var now = Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;
        _samples.Enqueue(new Sample(endpoint, now - milliseconds, milliseconds));
    }

    public void Fail(string endpoint, string error) => _errors.Enqueue($"{endpoint}: {error}");

    public IReadOnlyCollection<string> Errors => _errors;

    public int RequestCount => _samples.Count;

    /// <summary>Every request as CSV (endpoint, start ms, latency ms), in start order: where the slow ones fall in time.</summary>
    public void WriteSamples(TextWriter writer)
    {
        writer.WriteLine("endpoint,start_ms,latency_ms");
        foreach (var s in _samples.OrderBy(s => s.StartMilliseconds))
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\"{s.Endpoint}\",{s.StartMilliseconds:F3},{s.Milliseconds:F3}"));
    }

    /// <summary>Each endpoint's percentiles, endpoints in the order their first request started.</summary>
    public IEnumerable<EndpointStats> Stats() =>
        _samples.OrderBy(s => s.StartMilliseconds).GroupBy(s => s.Endpoint).Select(g =>
        {
            var sorted = g.Select(s => s.Milliseconds).Order().ToArray();
            return new EndpointStats(g.Key, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99));
        });

    /// <summary>Nearest-rank percentile, as k6 reports p(95).</summary>
    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

public sealed record EndpointStats(string Endpoint, int Count, double P50, double P95, double P99);
