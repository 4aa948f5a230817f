using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gyre.Core.Data;
using Gyre.Monitoring.Drift;
using Gyre.Monitoring.Reports;

// Drift benchmark: the workload of shared/benchmarks/drift_scipy.py (N rows x 20 columns: 16 numeric
// columns with KS, normed Wasserstein and 10-bin PSI; 4 categorical columns of 8 categories with
// chi-square and Jensen-Shannon) run through Gyre's drift report, from CSV files.
// Wall-clock seconds and CPU seconds (all threads) are printed: on a shared machine the CPU time shows
// the work done, the wall time what a user waits.
// Usage: dotnet run -c Release --project bench/Gyre.Bench.Drift [rows] [repeats]
var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
// Peak working set is a process-lifetime maximum, so it is meaningful for the first run; later runs
// (warm JIT) show the steady-state times.
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var dir = Path.Combine(Path.GetTempPath(), $"gyre-bench-drift-{Environment.ProcessId}");
Directory.CreateDirectory(dir);
try
{
    var referencePath = Path.Combine(dir, "reference.csv");
    var currentPath = Path.Combine(dir, "current.csv");
    var sw = Stopwatch.StartNew();
    WriteCsv(referencePath, rows, seed: 42, current: false);
    WriteCsv(currentPath, rows, seed: 43, current: true);
    Console.WriteLine($"rows={rows} columns=20 generated in {sw.Elapsed.TotalSeconds:F1} s " +
                      $"({new FileInfo(referencePath).Length / 1e6:F0} MB + {new FileInfo(currentPath).Length / 1e6:F0} MB, not timed)");

    var options = new DriftOptions
    {
        // The scipy loop computes KS, normed Wasserstein and PSI on every numeric column, chi-square and
        // Jensen-Shannon on every categorical one: the verdict method plus the others as additional methods.
        AdditionalMethods = [DriftMethods.KolmogorovSmirnov, DriftMethods.Psi, DriftMethods.ChiSquare],
        NumericMethod = DriftMethods.Wasserstein,
        CategoricalMethod = DriftMethods.JensenShannon,
    };
    for (var run = 1; run <= repeats; run++)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        sw.Restart();
        var reference = CsvTable.Read(referencePath);
        var current = CsvTable.Read(currentPath);
        var load = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu1 = process.TotalProcessorTime;
        var peakAfterLoad = process.PeakWorkingSet64;

        sw.Restart();
        var result = DriftDetector.Compare(reference, current, options);
        var json = MonitoringJsonContext.Serialize(result);
        var report = sw.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu2 = process.TotalProcessorTime;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run={run} csv_load_seconds={load:F2} (cpu {(cpu1 - cpu0).TotalSeconds:F2}) " +
            $"drift_report_json_seconds={report:F2} (cpu {(cpu2 - cpu1).TotalSeconds:F2}) json_bytes={json.Length} " +
            $"drifted={result.DriftedColumns}/{result.EvaluatedColumns} peak_working_set_mb_after_load={peakAfterLoad / 1048576.0:F0} " +
            $"peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:F0}"));
        GC.KeepAlive(reference);
        GC.KeepAlive(current);
        reference = current = null!;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static void WriteCsv(string path, int rows, int seed, bool current)
{
    var random = new Random(seed);
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    var header = Enumerable.Range(0, 16).Select(i => $"num_{i}").Concat(Enumerable.Range(0, 4).Select(i => $"cat_{i}"));
    writer.Write(string.Join(',', header));
    writer.Write('\n');
    Span<char> buffer = stackalloc char[32];
    for (var r = 0; r < rows; r++)
    {
        for (var i = 0; i < 16; i++)
        {
            // Reference N(0, 1); current N(0.05 (i mod 3), 1 + 0.1 (i mod 2)), as in drift_scipy.py.
            var value = current ? 0.05 * (i % 3) + (1 + 0.1 * (i % 2)) * Normal(random) : Normal(random);
            value.TryFormat(buffer, out var written, "G9", CultureInfo.InvariantCulture);
            writer.Write(buffer[..written]);
            writer.Write(',');
        }
        for (var i = 0; i < 4; i++)
        {
            // Reference uniform over a..h; current draws 0..8 and folds 8 onto h (h twice as likely).
            var k = current ? Math.Min(random.Next(9), 7) : random.Next(8);
            writer.Write((char)('a' + k));
            writer.Write(i == 3 ? '\n' : ',');
        }
    }
}

static double Normal(Random random)
{
    // Box-Muller; one value per call keeps the generator simple (generation is not timed).
    var u1 = 1.0 - random.NextDouble();
    var u2 = random.NextDouble();
    return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
}
