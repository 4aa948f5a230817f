using System.Globalization;
using System.Net;
using System.Text;
using Gyre.Bench.TrackingLoad;
using Gyre.Server;

// Load driver for Gyre's tracking server: FastTrackML's logging and retrieval workloads, 20 clients sharing
// 100 iterations per phase by default, each phase on a fresh in-process server and database.
// Usage: dotnet run -c Release -- [--backend sqlite|postgres|both] [--phase logging|retrieval|both]
//                                 [--clients 20] [--iterations 100] [--repeats 2] [--warmup 100] [--markdown results.md]
//                                 [--warm-server]  (each phase on a server that has just run the warm-up, instead of a fresh one)
//                                 [--samples dir]  (every request's start and latency, every GC and SQLite writer commit, as CSVs per measured phase)
//                                 [--allocations]  (what the measured phases allocate, by type, sampled by the runtime)
//        dotnet run -c Release -- --store-bench [--backend sqlite|postgres] [--clients 20] [--iterations 100]
//        dotnet run -c Release -- --request-cost [--iterations 100]  (CPU per log-batch request of each size, one client)
// Each measured phase starts on a fresh server and database, as the MLflow baseline was measured
// (shared/benchmarks/tracking-mlflow.md). Before the first, --warmup iterations run once on a throwaway
// server (not reported), so the figures are those of compiled code rather than of the JIT; and each waits
// (up to 20 s) until the CPU is quiet (see QuietMachine).
// With --warm-server, the warm-up runs on each phase's own server instead, and the phase measures a server
// that has already built its long-lived state (Kestrel's, the store's) and settled: a running server.
var backend = Arg("--backend", "sqlite");
var clients = int.Parse(Arg("--clients", "20"), CultureInfo.InvariantCulture);
var iterations = int.Parse(Arg("--iterations", "100"), CultureInfo.InvariantCulture);
var repeats = int.Parse(Arg("--repeats", "2"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Arg("--warmup", "100"), CultureInfo.InvariantCulture);
var warmServer = args.Contains("--warm-server");
var markdownPath = Arg("--markdown", "");
var samplesDirectory = Arg("--samples", "");
// With --samples, garbage collections and the SQLite writer's work are written next to the requests, to see
// which stalls they explain.
using var timeline = samplesDirectory.Length > 0 ? new ServerTimeline() : null;
var measuredPhases = 0;
var phases = Arg("--phase", "both") switch
{
    "both" => new[] { "logging", "retrieval" },
    "logging" or "retrieval" => [Arg("--phase", "both")],
    var other => throw new ArgumentException($"--phase must be logging, retrieval or both, not '{other}'"),
};
var report = new StringBuilder();
using var sampler = args.Contains("--allocations") ? new AllocationSampler() : null;
var failed = false;
PostgresCluster? postgres = null;
if (args.Contains("--parse-bench"))
{
    ParseMicroBench.Run(iterations);
    return 0;
}
if (args.Contains("--request-cost"))
{
    await RequestCostBench.RunAsync(iterations);
    return 0;
}
if (args.Contains("--store-bench"))
{
    // The store alone (no HTTP): CPU per metric row / param on the write path.
    var dir = Path.Combine(Path.GetTempPath(), "gyre-store-bench-" + Guid.NewGuid().ToString("N")[..12]);
    Directory.CreateDirectory(dir);
    var uri = backend == "postgres" ? await (postgres = await PostgresCluster.StartAsync()).CreateDatabaseAsync() : "sqlite:///" + Path.Combine(dir, "gyre.db");
    try
    {
        await StoreMicroBench.RunAsync(uri, clients, iterations);
    }
    finally
    {
        if (postgres is not null) await postgres.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }
    return 0;
}

try
{
    foreach (var engine in backend == "both" ? ["sqlite", "postgres"] : new[] { backend })
    {
        if (engine == "postgres") postgres ??= await PostgresCluster.StartAsync();
        foreach (var phase in phases)
        {
            var runs = new List<PhaseResult>();
            if (!warmServer && warmup > 0) await RunPhaseAsync(engine, phase, warmup, serverWarmup: 0, measured: false);
            for (var repeat = 0; repeat < repeats; repeat++) runs.Add(await RunPhaseAsync(engine, phase, iterations, warmServer ? warmup : 0));
            var summary = PhaseResult.Mean(runs);
            sampler?.Print();
            failed |= summary.Errors > 0;
            var text = summary.ToMarkdown($"{engine}, {phase} phase ({clients} clients, {iterations} iterations, mean of {repeats}, {(warmServer ? $"each on a server that first ran {warmup} warm-up iterations" : $"each on a fresh server, after {warmup} warm-up iterations")})");
            Console.WriteLine(text);
            report.AppendLine(text);
        }
    }
}
finally
{
    if (postgres is not null) await postgres.DisposeAsync();
}
if (markdownPath.Length > 0) await File.WriteAllTextAsync(markdownPath, report.ToString());
return failed ? 1 : 0;

async Task<PhaseResult> RunPhaseAsync(string engine, string phase, int iterations, int serverWarmup, bool measured = true)
{
    var dataDir = Path.Combine(Path.GetTempPath(), "gyre-bench-" + Guid.NewGuid().ToString("N")[..12]);
    Directory.CreateDirectory(dataDir);
    var storeUri = engine == "postgres" ? await postgres!.CreateDatabaseAsync() : "sqlite:///" + Path.Combine(dataDir, "gyre.db");
    GyreServer? server = null;
    try
    {
        server = await GyreServer.StartAsync(new GyreServerOptions
        {
            BackendStoreUri = storeUri,
            ArtifactsDestination = Path.Combine(dataDir, "artifacts"),
            Host = "127.0.0.1",
            Port = 0,
        });
        if (serverWarmup > 0)
        {
            // The warm-up runs on this server (own client, own experiment, not reported): the measured phase
            // then meets a running server, its JIT compiled and its long-lived state (Kestrel's, the
            // store's) made and settled, rather than one being built while it is measured.
            using var warmClient = NewClient(server.BaseAddress);
            await RunWorkloadAsync(new TrackingWorkload(warmClient, new LatencyRecorder()), phase, serverWarmup);
        }
        // Then the server finishes the warm-up's background work (the write-behind moves its batches, a
        // checkpoint runs), and other processes leave the CPU.
        var waited = await QuietMachine.WaitAsync(TimeSpan.FromSeconds(20));
        if (waited > TimeSpan.FromSeconds(2))
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waited {waited.TotalSeconds:F1} s for the machine to be quiet"));
        // New connections, as a load test's clients open them.
        using var http = NewClient(server.BaseAddress);
        var recorder = new LatencyRecorder();
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var writerBefore = ThreadCpu.Named("gyre-sqlite-wri");
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var (gen0Before, gen1Before, gen2Before) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var jitMethodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
        if (sampler is not null) sampler.Recording = measured;
        PerfControl.Enable();
        var elapsed = await RunWorkloadAsync(new TrackingWorkload(http, recorder), phase, iterations);
        PerfControl.Disable();
        if (sampler is not null) sampler.Recording = false; // closing the server moves the backlog: not request work
        foreach (var error in recorder.Errors.Take(5)) Console.Error.WriteLine($"error: {error}");
        if (samplesDirectory.Length > 0 && measured)
        {
            Directory.CreateDirectory(samplesDirectory);
            await using var samples = File.CreateText(Path.Combine(samplesDirectory, $"{engine}-{phase}-{++measuredPhases}.csv"));
            recorder.WriteSamples(samples);
            if (timeline is not null)
            {
                await using var events = File.CreateText(Path.Combine(samplesDirectory, $"{engine}-{phase}-{measuredPhases}-server.csv"));
                await events.WriteLineAsync("event,start_ms,duration_ms,detail");
                foreach (var (name, ms, duration, detail) in timeline.Since(recorder.OriginUtc))
                    await events.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name},{ms:F3},{duration:F3},{detail}"));
            }
        }
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var writerCpu = ThreadCpu.Named("gyre-sqlite-wri") - writerBefore;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine} {phase} ({iterations} iterations): {cpu.TotalSeconds:F2} CPU s ({cpu.TotalMilliseconds / recorder.RequestCount:F3} ms/request; SQLite writer thread {writerCpu.TotalMilliseconds / recorder.RequestCount:F3} ms/request), JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethodsBefore} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:F2} s; GC {GC.CollectionCount(0) - gen0Before}/{GC.CollectionCount(1) - gen1Before}/{GC.CollectionCount(2) - gen2Before} collections (gen 0/1/2), paused {(GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds:F1} ms, allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / recorder.RequestCount:F1} kB/request; {ThreadPool.ThreadCount} thread-pool threads"));
        var result = new PhaseResult(recorder.Stats().ToList(), recorder.RequestCount, elapsed, recorder.Errors.Count, cpu);
        // Closing moves what the write-behind backlog still holds into the metric tables.
        var closing = System.Diagnostics.Stopwatch.StartNew();
        await server.DisposeAsync();
        server = null;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{engine} {phase}: server closed in {closing.Elapsed.TotalMilliseconds:F0} ms"));
        return result;
    }
    finally
    {
        if (server is not null) await server.DisposeAsync();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }
}

async Task<TimeSpan> RunWorkloadAsync(TrackingWorkload workload, string phase, int iterations)
{
    if (phase == "logging")
    {
        // FastTrackML's setup() creates the experiment; it is not part of the measured iterations.
        var experimentId = await workload.CreateExperimentAsync("logging-" + Guid.NewGuid().ToString("N")[..8], measured: false);
        return await TrackingWorkload.RunSharedIterationsAsync(clients, iterations, i => workload.LoggingIterationAsync(experimentId, i));
    }
    var prefix = "retrieval-" + Guid.NewGuid().ToString("N")[..8];
    return await TrackingWorkload.RunSharedIterationsAsync(clients, iterations, i => workload.RetrievalIterationAsync(prefix, i));
}

HttpClient NewClient(Uri baseAddress) =>
    new(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version11,
        Timeout = TimeSpan.FromMinutes(2),
    };

string Arg(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

/// <param name="Cpu">CPU time this process (server and load driver together) spent in the phase.</param>
internal sealed record PhaseResult(IReadOnlyList<EndpointStats> Endpoints, int Requests, TimeSpan Elapsed, int Errors, TimeSpan Cpu)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double CpuMillisecondsPerRequest => Cpu.TotalMilliseconds / Requests;

    public static PhaseResult Mean(IReadOnlyList<PhaseResult> runs)
    {
        var endpoints = runs[0].Endpoints.Select(e => e.Endpoint).Distinct().ToList();
        var merged = endpoints.Select(name =>
        {
            var all = runs.SelectMany(r => r.Endpoints.Where(e => e.Endpoint == name)).ToList();
            return new EndpointStats(name, all.Sum(e => e.Count), all.Average(e => e.P50), all.Average(e => e.P95), all.Average(e => e.P99));
        }).ToList();
        return new PhaseResult(merged, runs.Sum(r => r.Requests),
            TimeSpan.FromSeconds(runs.Sum(r => r.Elapsed.TotalSeconds)), runs.Sum(r => r.Errors),
            TimeSpan.FromMilliseconds(runs.Sum(r => r.Cpu.TotalMilliseconds)));
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public string ToMarkdown(string title)
    {
        var text = new StringBuilder();
        text.AppendLine($"### {title}").AppendLine();
        text.AppendLine("| endpoint | requests | p50 ms | p95 ms | p99 ms |").AppendLine("|---|---|---|---|---|");
        foreach (var e in Endpoints)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {e.Endpoint} | {e.Count} | {e.P50:F2} | {e.P95:F2} | {e.P99:F2} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **total** | {Requests} | **{RequestsPerSecond:F0} req/s** | {Errors} errors | {Elapsed.TotalSeconds:F1} s |");
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"CPU (server + load driver, one process): {CpuMillisecondsPerRequest:F2} ms per request; load average during the run: {LoadAverage()}.");
        return text.ToString();
    }
}
