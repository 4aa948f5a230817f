using System.Diagnostics;
using System.Globalization;
using Gyre.Tracking;
using Gyre.Tracking.Entities;

namespace Gyre.Bench.TrackingLoad;

/// <summary>
/// The store alone, without HTTP: log-batch calls straight into <c>SqlStore</c>, to measure the CPU each
/// metric row and each param costs in the write path (run with <c>--store-bench</c>).
/// </summary>
public static class StoreMicroBench
{
    public static async Task RunAsync(string storeUri, int concurrency, int batches)
    {
        await using var store = await TrackingStoreFactory.OpenAsync(storeUri, new TrackingStoreOptions { DefaultArtifactRoot = Path.GetTempPath() });
        var experimentId = await store.CreateExperimentAsync("store-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var metricBatch = Enumerable.Range(0, 2).SelectMany(step => Enumerable.Range(0, 500)
            .Select(m => new Metric("metric" + m.ToString(CultureInfo.InvariantCulture), (m + 1) * 0.001 + step, 1_700_000_000_000 + step, step))).ToList();
        // One warm-up pass on its own runs (not reported) so the JIT has compiled the write path first.
        foreach (var report in new[] { false, true })
        {
            var runIds = new List<string>();
            for (var i = 0; i < batches; i++) runIds.Add((await store.CreateRunAsync(experimentId, "bench")).Info.RunId);
            await Measure("log-batch 1000 metrics", metricBatch.Count, i => store.LogBatchAsync(runIds[i], metrics: metricBatch), report);
            await Measure("log-batch 100 params", 100, i => store.LogBatchAsync(runIds[i],
                @params: Enumerable.Range(0, 100).Select(p => new Param("p" + p.ToString(CultureInfo.InvariantCulture), "value" + p.ToString(CultureInfo.InvariantCulture))).ToList()), report);
            await Measure("log-metric single", 1, i => store.LogMetricAsync(runIds[i], new Metric("single", 1, 1_700_000_000_000, 0)), report);
            await Measure("create-run", 1, i => store.CreateRunAsync(experimentId, "bench", tags: [new RunTag("mlflow.source.name", "k6")]), report);
            await Measure("update-run", 1, i => store.UpdateRunInfoAsync(runIds[i], RunStatus.Finished, 1_700_000_000_000), report);
            await Measure("get-run", 1, i => store.GetRunAsync(runIds[i]), report);
        }

        async Task Measure(string name, int rowsPerCall, Func<int, Task> call, bool report)
        {
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < batches) await call(i);
            })));
            clock.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            if (!report) return;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-24} {batches} calls x {concurrency} concurrent: {batches / clock.Elapsed.TotalSeconds,8:F0} calls/s, CPU {cpu.TotalMilliseconds * 1000 / batches,9:F0} us/call, {cpu.TotalMilliseconds * 1000 / batches / rowsPerCall,7:F2} us/row"));
        }
    }
}

/// <summary>Parsing alone: the 1000-metric log-batch body through the server's request reader.</summary>
public static class ParseMicroBench
{
    public static void Run(int repeats)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(TrackingWorkload.BatchBody("0123456789abcdef0123456789abcdef", 500, 2, 0));
        var typeInfo = Gyre.Server.Protocol.Json.MlflowJsonContext.Default.LogBatchRequest;
        for (var i = 0; i < 200; i++) Gyre.Server.Protocol.MlflowRequestReader.Parse(new System.Buffers.ReadOnlySequence<byte>(body), typeInfo);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) Gyre.Server.Protocol.MlflowRequestReader.Parse(new System.Buffers.ReadOnlySequence<byte>(body), typeInfo);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parse log-batch 1000 metrics ({body.Length} bytes): {clock.Elapsed.TotalMilliseconds * 1000 / repeats:F0} us wall, {cpu.TotalMilliseconds * 1000 / repeats:F0} us CPU per body"));
    }
}

/// <summary>
/// The CPU one request of each log-batch size costs end to end (driver and server in this process), sent
/// by one client one after another: what a burst of them at once has to share. With up to ~250 requests
/// per size the write-behind backlog stays under its bound, so large batches are measured as a burst sees
/// them (moved later); more shows the sustained cost, moves included.
/// </summary>
public static class RequestCostBench
{
    public static async Task RunAsync(int repeats)
    {
        var dir = Path.Combine(Path.GetTempPath(), "gyre-cost-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            await using var server = await Gyre.Server.GyreServer.StartAsync(new Gyre.Server.GyreServerOptions
            {
                BackendStoreUri = "sqlite:///" + Path.Combine(dir, "gyre.db"),
                ArtifactsDestination = Path.Combine(dir, "artifacts"),
                Host = "127.0.0.1",
                Port = 0,
            });
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            var experiment = await PostAsync(http, "experiments/create", "{\"name\": \"cost\"}");
            var experimentId = System.Text.Json.JsonDocument.Parse(experiment).RootElement.GetProperty("experiment_id").GetString();
            foreach (var (name, metrics, steps, @params) in new[] { ("metrics 10 x 4", 10, 4, 0), ("metrics 100 x 4", 100, 4, 0), ("metrics 500 x 2", 500, 2, 0), ("params 100", 0, 0, 100) })
            {
                var runs = new List<string>();
                for (var i = 0; i < repeats + 20; i++)
                {
                    var run = await PostAsync(http, "runs/create", $"{{\"experiment_id\": \"{experimentId}\"}}");
                    runs.Add(System.Text.Json.JsonDocument.Parse(run).RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!);
                }
                var bodies = runs.Select(r => TrackingWorkload.BatchBody(r, metrics, steps, @params)).ToList();
                // The previous size's write-behind backlog moves while the server is quiet, not during this one.
                await Task.Delay(TimeSpan.FromSeconds(1));
                for (var i = 0; i < 20; i++) await PostAsync(http, "runs/log-batch", bodies[i]);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var writerBefore = ThreadCpu.Named("gyre-sqlite-wri");
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                for (var i = 20; i < bodies.Count; i++) await PostAsync(http, "runs/log-batch", bodies[i]);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var writer = ThreadCpu.Named("gyre-sqlite-wri") - writerBefore;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"log-batch {name}: {clock.Elapsed.TotalMilliseconds * 1000 / repeats:F0} us wall, {cpu.TotalMilliseconds * 1000 / repeats:F0} us CPU per request (SQLite writer {writer.TotalMilliseconds * 1000 / repeats:F0} us), {allocated / 1024.0 / repeats:F1} kB allocated (driver included)"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> PostAsync(HttpClient http, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/2.0/mlflow/" + path, content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
