using System.Globalization;
using System.Text.Json;
using Gyre.Models.Abstractions;

namespace Gyre.Models.Tests.Support;

/// <summary>A test_data.json file from shared/reference/models: input tensors and expected outputs.</summary>
public sealed class ReferenceTestData
{
    public required Dictionary<string, Tensor> Inputs { get; init; }
    public required List<ExpectedOutput> Outputs { get; init; }
    public required HashSet<int> NearTieRows { get; init; }

    public sealed record ExpectedOutput(string Name, int[] Shape, double[] Values, string Compare);

    public static ReferenceTestData Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var inputs = new Dictionary<string, Tensor>();
        foreach (var i in root.GetProperty("inputs").EnumerateArray())
        {
            var shape = i.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var flat = Flatten(i.GetProperty("data"));
            var dtype = i.GetProperty("dtype").GetString()!;
            inputs[i.GetProperty("name").GetString()!] = dtype switch
            {
                "float32" => Tensor.FromFloat(flat.Select(v => (float)v).ToArray(), shape),
                "float64" => Tensor.FromDouble(flat.ToArray(), shape),
                "int64" => Tensor.FromInt64(flat.Select(v => (long)v).ToArray(), shape),
                _ => throw new NotSupportedException(dtype),
            };
        }
        var outputs = root.GetProperty("outputs").EnumerateArray().Select(o => new ExpectedOutput(
            o.GetProperty("name").GetString()!,
            o.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Flatten(o.GetProperty("data")).ToArray(),
            o.TryGetProperty("compare", out var c) ? c.GetString()! : "exact")).ToList();
        var ties = root.TryGetProperty("near_tie_rows", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(e => e.GetInt32()).ToHashSet() : [];
        return new ReferenceTestData { Inputs = inputs, Outputs = outputs, NearTieRows = ties };
    }

    private static List<double> Flatten(JsonElement e)
    {
        var list = new List<double>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) { foreach (var c in x.EnumerateArray()) Walk(c); }
            else if (x.ValueKind == JsonValueKind.Null) list.Add(double.NaN);
            else list.Add(x.GetDouble());
        }
        Walk(e);
        return list;
    }

    /// <summary>The tolerance a "compare" string asks for: (absolute, relative-to-max(1,|expected|)), or exact.</summary>
    public static (double Tolerance, bool Relative, bool Exact) ParseCompare(string compare)
    {
        if (compare == "exact") return (0, false, true);
        var prefix = "abs(actual-expected) <= ";
        if (!compare.StartsWith(prefix, StringComparison.Ordinal)) throw new NotSupportedException(compare);
        var rest = compare[prefix.Length..];
        var relative = rest.Contains("max(1", StringComparison.Ordinal);
        var number = rest.Split(' ')[0];
        return (double.Parse(number, CultureInfo.InvariantCulture), relative, false);
    }

    public static double[] AsDoubles(Tensor t) => t.Type switch
    {
        TensorType.Float32 => t.As<float>().Select(v => (double)v).ToArray(),
        TensorType.Float64 => t.As<double>(),
        TensorType.Int64 => t.As<long>().Select(v => (double)v).ToArray(),
        TensorType.Int32 => t.As<int>().Select(v => (double)v).ToArray(),
        TensorType.Bool => t.As<bool>().Select(v => v ? 1.0 : 0.0).ToArray(),
        _ => throw new NotSupportedException(t.Type.ToString()),
    };
}
