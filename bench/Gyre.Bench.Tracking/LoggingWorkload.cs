using System.Collections.Concurrent;
using System.Diagnostics;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Stores;

namespace Gyre.Bench.Tracking;

/// <summary>
/// The logging iteration of FastTrackML's k6 benchmark, against the store directly: create run, one
/// metric, batches of 10x4, 100x4 and 500x2 metrics, 10 and 100 params, update run.
/// </summary>
internal static class LoggingWorkload
{
    public static async Task RunAsync(SqlStore store, int workers = 20, int iterations = 100)
    {
        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var remaining = iterations;
        var experimentId = await store.CreateExperimentAsync($"workload-{Guid.NewGuid():N}");
        async Task<T> Timed<T>(string name, Func<Task<T>> call)
        {
            var sw = Stopwatch.StartNew();
            var result = await call();
            latencies.GetOrAdd(name, _ => []).Add(sw.Elapsed.TotalMilliseconds);
            return result;
        }
        Task Time(string name, Func<Task> call) => Timed(name, async () => { await call(); return 0; });
        static List<Metric> Metrics(int keys, int steps) =>
            [.. from step in Enumerable.Range(0, steps) from k in Enumerable.Range(0, keys) select new Metric($"metric{k}", Random.Shared.NextDouble(), 1_700_000_000_000 + step, step)];

        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var run = await Timed("CreateRun", () => store.CreateRunAsync(experimentId, "k6", 1_700_000_000_000));
                var id = run.Info.RunId;
                await Time("LogMetricSingle", () => store.LogMetricAsync(id, new Metric("single", 1, 1_700_000_000_000, 0)));
                await Time("LogMetricBatch10", () => store.LogBatchAsync(id, metrics: Metrics(10, 4)));
                await Time("LogMetricBatch100", () => store.LogBatchAsync(id, metrics: Metrics(100, 4)));
                await Time("LogMetricBatch500", () => store.LogBatchAsync(id, metrics: Metrics(500, 2)));
                await Time("LogParamBatch10", () => store.LogBatchAsync(id, @params: [.. Enumerable.Range(0, 10).Select(i => new Param($"p{i}", $"{i}"))]));
                await Time("LogParamBatch100", () => store.LogBatchAsync(id, @params: [.. Enumerable.Range(0, 100).Select(i => new Param($"q{i}", $"{i}"))]));
                await Time("UpdateRun", () => store.UpdateRunInfoAsync(id, RunStatus.Finished, 1_700_000_001_000));
            }
        })));
        total.Stop();
        var calls = latencies.Values.Sum(b => b.Count);
        Console.WriteLine($"logging workload: {calls} calls in {total.Elapsed.TotalSeconds:F2} s = {calls / total.Elapsed.TotalSeconds:F0} calls/s ({workers} workers, {iterations} iterations)");
        foreach (var (name, bag) in latencies.OrderBy(kv => kv.Key))
        {
            var sorted = bag.Order().ToArray();
            double P(double q) => sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
            Console.WriteLine($"  {name,-18} p50 {P(0.5),7:F2} ms  p95 {P(0.95),7:F2} ms  p99 {P(0.99),7:F2} ms");
        }
    }
}
