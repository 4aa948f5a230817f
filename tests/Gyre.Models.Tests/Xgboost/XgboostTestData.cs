using System.Text.Json;
using Gyre.Core.Testing;

namespace Gyre.Models.Tests.Xgboost;

/// <summary>A reference model's test_data.json: inputs as row-major float32 (null = NaN) and expected outputs.</summary>
internal sealed class XgboostTestData
{
    public required int Rows { get; init; }
    public required int Features { get; init; }
    public required float[] Inputs { get; init; }
    public required Dictionary<string, (int[] Shape, double[] Values)> Outputs { get; init; }

    public static string ModelDirectory(string model) => SharedData.PathOf("reference", "models", "xgboost", model);

    public static XgboostTestData Load(string model) => LoadFile(Path.Combine(ModelDirectory(model), "test_data.json"));

    public static XgboostTestData LoadFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var input = doc.RootElement.GetProperty("inputs")[0];
        var shape = input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var inputs = Flatten(input.GetProperty("data")).Select(v => (float)v).ToArray();
        var outputs = new Dictionary<string, (int[], double[])>();
        foreach (var output in doc.RootElement.GetProperty("outputs").EnumerateArray())
            outputs[output.GetProperty("name").GetString()!] = (
                output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                Flatten(output.GetProperty("data")).ToArray());
        return new XgboostTestData { Rows = shape[0], Features = shape[1], Inputs = inputs, Outputs = outputs };
    }

    private static IEnumerable<double> Flatten(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var value in Flatten(item))
                    yield return value;
        }
        else if (element.ValueKind == JsonValueKind.Null) yield return double.NaN;
        else yield return element.GetDouble();
    }
}
