using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;

// Times single-row latency and batch throughput of the ONNX interpreter on reference models.
// Usage: dotnet run -c Release --project bench/Gyre.Bench.Models [-- --quick]
var quick = args.Contains("--quick");
var cases = new (string Name, string Path, string TestData)[]
{
    ("mlp_classifier (Gemm/Relu/Softmax)", "onnx/torch/mlp_classifier/model_opset17.onnx", "onnx/torch/mlp_classifier/test_data.json"),
    ("cnn2d_digits (Conv/Pool)", "onnx/torch/cnn2d_digits/model_opset17.onnx", "onnx/torch/cnn2d_digits/test_data.json"),
    ("gradient_boosting_classifier_binary (100 trees)", "onnx/sklearn/gradient_boosting_classifier_binary/model.onnx", "onnx/sklearn/gradient_boosting_classifier_binary/test_data.json"),
    ("random_forest_classifier_multiclass (30 trees)", "onnx/sklearn/random_forest_classifier_multiclass/model.onnx", "onnx/sklearn/random_forest_classifier_multiclass/test_data.json"),
    ("logistic_regression_binary", "onnx/sklearn/logistic_regression_binary/model.onnx", "onnx/sklearn/logistic_regression_binary/test_data.json"),
};

Console.WriteLine($"Gyre ONNX interpreter benchmark  ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run)");
Console.WriteLine("Wall figures are p50/p99 of individually timed calls (rows/s: median batch call of 1000 rows);");
Console.WriteLine("CPU figures are process CPU time / calls, which stays meaningful on a shared, oversubscribed machine.");
Console.WriteLine($"{"model",-50} {"1-row p50 µs",12} {"1-row p99 µs",12} {"CPU µs/call",12} {"alloc B/row",11} {"batch",6} {"rows/s",12} {"CPU µs/row",13} {"alloc B/row",11}");
foreach (var (name, path, testData) in cases)
{
    var root = SharedData.PathOf("reference", "models");
    using var model = ModelLoader.Default.Load(Path.Combine(root, path));
    var (rows, features, values) = LoadInput(Path.Combine(root, testData));
    var inputName = model.Signature.Inputs[0].Name;
    var rowShape = model.Signature.Inputs[0].Shape!.Select((d, i) => i == 0 ? 1 : d).ToArray();
    var singles = Enumerable.Range(0, rows).Select(r =>
        new Dictionary<string, Tensor> { [inputName] = Tensor.FromFloat(values.AsSpan(r * features, features).ToArray(), rowShape) }).ToArray();

    // Single row latency.
    var iterations = quick ? 2_000 : 20_000;
    // Warm up by time so tiered compilation reaches optimized code before measuring.
    Warm(() => model.Predict(singles[Random.Shared.Next(rows)]), quick ? 0.5 : 2);
    var times = new double[iterations];
    var allocBefore = GC.GetAllocatedBytesForCurrentThread();
    var singleCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        model.Predict(singles[i % rows]);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    var singleCpu = (Process.GetCurrentProcess().TotalProcessorTime - singleCpuBefore).TotalMicroseconds / iterations;
    var singleAlloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)iterations;
    Array.Sort(times);

    // Batch throughput: the test rows tiled to 1000 rows.
    const int batchRows = 1000;
    var batchValues = new float[batchRows * features];
    for (var r = 0; r < batchRows; r++) values.AsSpan((r % rows) * features, features).CopyTo(batchValues.AsSpan(r * features));
    var batchShape = model.Signature.Inputs[0].Shape!.Select((d, i) => i == 0 ? batchRows : d).ToArray();
    var batch = new Dictionary<string, Tensor> { [inputName] = Tensor.FromFloat(batchValues, batchShape) };
    Warm(() => model.Predict(batch), quick ? 0.5 : 2);
    // The machine is shared, so each batch is timed alone and the median is reported (robust to preemption).
    var batchIterations = quick ? 21 : 101;
    var batchTimes = new double[batchIterations];
    allocBefore = GC.GetAllocatedBytesForCurrentThread();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < batchIterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        model.Predict(batch);
        batchTimes[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
    var cpuPerRow = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / (batchIterations * batchRows);
    var batchAlloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / (double)(batchIterations * batchRows);
    Array.Sort(batchTimes);
    var rowsPerSecond = batchRows / batchTimes[batchIterations / 2];

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-50} {times[iterations / 2],12:F1} {times[(int)(iterations * 0.99)],12:F1} {singleCpu,12:F2} {singleAlloc,11:F0} {batchRows,6} {rowsPerSecond,12:N0} {cpuPerRow,13:F2} {batchAlloc,11:F1}"));
}

static void Warm(Action action, double seconds)
{
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds) action();
}

static (int Rows, int Features, float[] Values) LoadInput(string testDataPath)
{
    using var doc = JsonDocument.Parse(File.ReadAllText(testDataPath));
    var input = doc.RootElement.GetProperty("inputs")[0];
    var shape = input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
    var values = new List<float>();
    void Walk(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var c in e.EnumerateArray()) Walk(c);
        else values.Add((float)e.GetDouble());
    }
    Walk(input.GetProperty("data"));
    var features = values.Count / shape[0];
    return (shape[0], features, values.ToArray());
}
