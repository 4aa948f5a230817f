// Console driver for docs/benchmarks.md "## Models and training". Run in Release:
//   dotnet run -c Release --project bench/Gyre.Bench.Learn -- [--xgboost-model model.json] [--rows 1000000]
// It measures single-row latency and one-core batch throughput of the tree scorer (an XGBoost model file
// and Gyre's own GBDT), and training time / test AUC of the built-in GBDT on the churn data.
using System.Diagnostics;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Testing;
using Gyre.Learn.Data;
using Gyre.Learn.Metrics;
using Gyre.Learn.Trees;
using Gyre.Models.Xgboost;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
string? xgboostModelPath = null;
int batchRows = 1_000_000;
int repeats = 5;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--xgboost-model": xgboostModelPath = args[++i]; break;
        case "--rows": batchRows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

var datasets = SharedData.PathOf("reference", "models", "datasets");
var train = DatasetBuilder.FromFrame(CsvTable.Read(Path.Combine(datasets, "churn_encoded_train.csv")), "churn").Data;
var test = DatasetBuilder.FromFrame(CsvTable.Read(Path.Combine(datasets, "churn_encoded_test.csv")), "churn").Data;
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

// Training: the same hyper-parameters as bench/Gyre.Bench.Learn/xgboost_reference.py.
var options = new GbdtOptions { Rounds = 100, MaxDepth = 6, LearningRate = 0.1, MinChildWeight = 1, Lambda = 1, MaxBin = 255 };
GbdtModel? model = null;
foreach (var threads in new[] { 1, Environment.ProcessorCount })
{
    var times = new List<double>();
    var cpuTimes = new List<double>();
    var trainProcess = Process.GetCurrentProcess();
    for (int r = 0; r < repeats; r++)
    {
        trainProcess.Refresh();
        var cpu = trainProcess.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = GbdtTrainer.Train(train, options with { Threads = threads });
        times.Add(sw.Elapsed.TotalSeconds);
        trainProcess.Refresh();
        cpuTimes.Add((trainProcess.TotalProcessorTime - cpu).TotalSeconds);
        model = result.Model;
    }
    times.Sort();
    cpuTimes.Sort();
    var auc = ModelEvaluation.Evaluate(model!, test)["roc_auc"];
    Console.WriteLine($"train gbdt churn 100x depth6 eta0.1 threads={threads}: wall median {times[times.Count / 2]:F3} s (min {times[0]:F3}), CPU median {cpuTimes[cpuTimes.Count / 2]:F3} s, test AUC {auc:F5}");
}

Scorer("gyre gbdt (built-in)", model!.FeatureCount, (rows, n, output) => model.Predict(rows, n, output), model.Trees.Count);
var roundTrip = XgboostModel.FromBytes(model.ToXgboostJson());
Scorer("gyre gbdt saved as xgboost json, xgboost scorer", roundTrip.FeatureCount, (rows, n, output) => roundTrip.Predict(rows, n, roundTrip.FeatureCount, output), roundTrip.Trees.TreeCount);
if (xgboostModelPath is not null)
{
    var xgb = XgboostModel.Load(xgboostModelPath);
    Scorer($"xgboost scorer on {Path.GetFileName(xgboostModelPath)} (trained by XGBoost)", xgb.FeatureCount,
        (rows, n, output) => xgb.Predict(rows, n, xgb.FeatureCount, output), xgb.Trees.TreeCount);
}
return 0;

void Scorer(string name, int features, Action<float[], int, float[]> predict, int trees)
{
    var rows = test.Features;
    int testRows = test.RowCount;
    var output = new float[Math.Max(batchRows, testRows) * 3];

    // Single row: one call per row, the way a request handler scores.
    var one = new float[3];
    var row = new float[features];
    for (int i = 0; i < 20_000; i++)
    {
        Array.Copy(rows, (i % testRows) * features, row, 0, features);
        predict(row, 1, one);
    }
    int calls = 200_000;
    var latencies = new long[calls];
    var rowsCopy = new float[testRows][];
    for (int r = 0; r < testRows; r++) rowsCopy[r] = rows.AsSpan(r * features, features).ToArray();
    var singleProcess = Process.GetCurrentProcess();
    var singleCpu = singleProcess.TotalProcessorTime;
    var total = Stopwatch.StartNew();
    for (int i = 0; i < calls; i++)
    {
        long start = Stopwatch.GetTimestamp();
        predict(rowsCopy[i % testRows], 1, one);
        latencies[i] = Stopwatch.GetTimestamp() - start;
    }
    double meanUs = total.Elapsed.TotalMicroseconds / calls;
    singleProcess.Refresh();
    double cpuUs = (singleProcess.TotalProcessorTime - singleCpu).TotalMicroseconds / calls;
    Array.Sort(latencies);
    double P(double q) => latencies[(int)(q * (calls - 1))] * 1e6 / Stopwatch.Frequency;

    // Batch: batchRows rows (the test set repeated), one thread.
    var batch = new float[batchRows * features];
    for (int r = 0; r < batchRows; r++) Array.Copy(rows, (r % testRows) * features, batch, r * features, features);
    predict(batch, Math.Min(batchRows, 50_000), output);
    var throughputs = new List<double>();
    var cpuThroughputs = new List<double>();
    var process = Process.GetCurrentProcess();
    for (int rep = 0; rep < repeats; rep++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        predict(batch, batchRows, output);
        throughputs.Add(batchRows / sw.Elapsed.TotalSeconds);
        process.Refresh();
        cpuThroughputs.Add(batchRows / (process.TotalProcessorTime - cpu).TotalSeconds);
    }
    throughputs.Sort();
    cpuThroughputs.Sort();
    Console.WriteLine($"{name}: {trees} trees");
    Console.WriteLine($"  single row: wall mean {meanUs:F2} us, p50 {P(0.5):F2} us, p99 {P(0.99):F2} us; CPU time per call {cpuUs:F2} us");
    Console.WriteLine($"  batch of {batchRows:N0} rows, one thread: wall median {throughputs[throughputs.Count / 2] / 1e6:F2} M rows/s (best {throughputs[^1] / 1e6:F2}); " +
                      $"per CPU second median {cpuThroughputs[cpuThroughputs.Count / 2] / 1e6:F2} M rows/s (best {cpuThroughputs[^1] / 1e6:F2})");
}
