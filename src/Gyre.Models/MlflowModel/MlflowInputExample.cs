using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Models.MlflowModel;

/// <summary>
/// An MLflow input example (<c>input_example.json</c>): either named tensors (<c>{"input": [[...]]}</c>,
/// type "ndarray") or a pandas DataFrame in split orient (<c>{"columns": [...], "data": [[...]]}</c>,
/// type "dataframe").
/// </summary>
public sealed class MlflowInputExample
{
    private MlflowInputExample(IReadOnlyDictionary<string, JsonNode?>? tensors, IReadOnlyList<string>? columns, JsonArray? rows)
    {
        TensorValues = tensors;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Nested lists per input name for an ndarray example; null for a DataFrame example.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? TensorValues { get; }

    /// <summary>Column names of a DataFrame example; null for an ndarray example.</summary>
    public IReadOnlyList<string>? Columns { get; }

    /// <summary>The rows of a DataFrame example (each a JSON array in column order).</summary>
    public JsonArray? Rows { get; }

    public bool IsDataFrame => Columns is not null;

    public static MlflowInputExample Load(string path)
    {
        try
        {
            return Parse(JsonNode.Parse(File.ReadAllText(path)), path);
        }
        catch (JsonException e)
        {
            throw GyreException.InvalidParameter($"The input example '{path}' is not valid JSON: {e.Message}");
        }
    }

    public static MlflowInputExample Parse(JsonNode? node, string source = "input_example.json")
    {
        if (node is JsonObject obj && obj["columns"] is JsonArray columns && obj["data"] is JsonArray data)
            return new MlflowInputExample(null, columns.Select(c => c?.GetValue<string>() ?? "").ToArray(), data);
        if (node is JsonObject tensors)
            return new MlflowInputExample(tensors.ToDictionary(p => p.Key, p => p.Value), null, null);
        if (node is JsonArray array)
            return new MlflowInputExample(new Dictionary<string, JsonNode?> { [""] = array }, null, null);
        throw GyreException.InvalidParameter($"The input example '{source}' is neither named tensors nor a split-orient DataFrame.");
    }

    /// <summary>A DataFrame example in split orient (what MLflow writes for pandas inputs).</summary>
    public static MlflowInputExample FromRows(IReadOnlyList<string> columns, IEnumerable<IEnumerable<double?>> rows)
    {
        var data = new JsonArray();
        foreach (var row in rows) data.Add(new JsonArray(row.Select(v => v is { } d && double.IsFinite(d) ? JsonValue.Create(d) : null).ToArray<JsonNode?>()));
        return new MlflowInputExample(null, [.. columns], data);
    }

    /// <summary>An ndarray example with one named float32 tensor of <paramref name="rows"/> x <paramref name="width"/>.</summary>
    public static MlflowInputExample FromTensor(string name, ReadOnlySpan<float> values, int rows, int width)
    {
        var data = new JsonArray();
        for (int r = 0; r < rows; r++)
        {
            var row = new JsonArray();
            for (int c = 0; c < width; c++)
            {
                float v = values[r * width + c];
                row.Add(float.IsFinite(v) ? JsonValue.Create((double)v) : null);
            }
            data.Add(row);
        }
        return new MlflowInputExample(new Dictionary<string, JsonNode?> { [name] = data }, null, null);
    }

    /// <summary>input_example.json as MLflow writes it.</summary>
    public string ToJson()
    {
        JsonNode node = IsDataFrame
            ? new JsonObject { ["columns"] = new JsonArray(Columns!.Select(c => (JsonNode?)c).ToArray()), ["data"] = Rows!.DeepClone() }
            : new JsonObject(TensorValues!.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        return PythonJson.Dumps(node);
    }

    /// <summary>serving_input_example.json: the same data wrapped for MLflow's /invocations protocol.</summary>
    public string ToServingJson()
    {
        JsonNode node = IsDataFrame
            ? new JsonObject { ["dataframe_split"] = new JsonObject { ["columns"] = new JsonArray(Columns!.Select(c => (JsonNode?)c).ToArray()), ["data"] = Rows!.DeepClone() } }
            : new JsonObject { ["inputs"] = new JsonObject(TensorValues!.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
    }

    /// <summary>
    /// Model inputs for this example: for ndarray examples one tensor per name (typed per
    /// <paramref name="inputs"/>, float32 when unknown); for DataFrame examples one float64 [N] tensor per column.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> ToTensors(IReadOnlyList<TensorSpec>? inputs = null)
    {
        var result = new Dictionary<string, Tensor>();
        if (IsDataFrame)
        {
            for (int c = 0; c < Columns!.Count; c++)
            {
                var values = new double[Rows!.Count];
                for (int r = 0; r < values.Length; r++)
                    values[r] = (Rows[r] as JsonArray)?[c] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN;
                result[Columns[c]] = Tensor.FromDouble(values, values.Length);
            }
            return result;
        }
        foreach (var (name, value) in TensorValues!)
        {
            var spec = inputs?.FirstOrDefault(i => i.Name == name) ?? (inputs?.Count == 1 && name == "" ? inputs[0] : null);
            var shape = new List<int>();
            for (JsonNode? n = value; n is JsonArray a; n = a.Count > 0 ? a[0] : null) shape.Add(a.Count);
            var flat = new List<double>();
            Flatten(value, flat);
            var type = spec?.Type ?? TensorType.Float32;
            Tensor tensor = type switch
            {
                TensorType.Float64 => Tensor.FromDouble(flat.ToArray(), [.. shape]),
                TensorType.Int64 => Tensor.FromInt64(flat.Select(v => (long)v).ToArray(), [.. shape]),
                TensorType.Int32 => Tensor.FromInt32(flat.Select(v => (int)v).ToArray(), [.. shape]),
                _ => Tensor.FromFloat(flat.Select(v => (float)v).ToArray(), [.. shape]),
            };
            result[spec?.Name ?? name] = tensor;
        }
        return result;
    }

    private static void Flatten(JsonNode? node, List<double> into)
    {
        if (node is JsonArray array)
            foreach (var item in array) Flatten(item, into);
        else into.Add(node is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN);
    }
}
