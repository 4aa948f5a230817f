using Gyre.Bench.Tracking;
using System.Diagnostics;
using Gyre.Tracking;
using Gyre.Tracking.Entities;

// Load driver for the tracking store (results are printed, never asserted):
//   history <uri>                 log 1,000,000 points in batches of 1000, then page them back
//   concurrent <uri> [clients]    N clients each logging single metrics; prints throughput and p50/p95/p99
//   workload <uri>                FastTrackML's logging iteration (as in shared/benchmarks/tracking-mlflow.md),
//                                 20 workers sharing 100 iterations, called in process (no HTTP)
var mode = args.ElementAtOrDefault(0) ?? "concurrent";
var uri = args.ElementAtOrDefault(1) is { Length: > 0 } given ? given : $"sqlite:///{Path.Combine(Path.GetTempPath(), $"gyre-bench-{Guid.NewGuid():N}.db")}";
await using var store = await TrackingStoreFactory.OpenAsync(uri);
var runId = (await store.CreateRunAsync("0", "bench", 0, null, "bench")).Info.RunId;

if (mode == "history")
{
    var sw = Stopwatch.StartNew();
    for (var start = 0; start < 1_000_000; start += 1000)
    {
        var batch = new Metric[1000];
        for (var i = 0; i < 1000; i++) batch[i] = new Metric("loss", (start + i) * 1e-6, 1_700_000_000_000 + start + i, start + i);
        await store.LogBatchAsync(runId, metrics: batch);
    }
    Console.WriteLine($"logged 1,000,000 points in {sw.Elapsed.TotalSeconds:F1} s");
    sw.Restart();
    long n = 0;
    string? token = null;
    do
    {
        var page = await store.GetMetricHistoryAsync(runId, "loss", 25_000, token);
        n += page.Items.Count;
        token = page.NextPageToken;
    } while (token is not null);
    Console.WriteLine($"paged {n:N0} points back in {sw.Elapsed.TotalSeconds:F1} s");
    return;
}

if (mode == "workload")
{
    await LoggingWorkload.RunAsync(store, int.TryParse(args.ElementAtOrDefault(2), out var w) ? w : 20);
    return;
}

var clients = int.TryParse(args.ElementAtOrDefault(2), out var c) ? c : 20;
const int callsPerClient = 500;
var latencies = new double[clients * callsPerClient];
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
{
    for (var i = 0; i < callsPerClient; i++)
    {
        var sw = Stopwatch.StartNew();
        await store.LogMetricAsync(runId, new Metric($"m{client}", i, i, i));
        latencies[client * callsPerClient + i] = sw.Elapsed.TotalMilliseconds;
    }
})));
total.Stop();
Array.Sort(latencies);
double P(double q) => latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)];
Console.WriteLine($"{clients} clients x {callsPerClient} log-metric calls: {latencies.Length / total.Elapsed.TotalSeconds:F0} calls/s, " +
                  $"p50 {P(0.50):F2} ms, p95 {P(0.95):F2} ms, p99 {P(0.99):F2} ms");
