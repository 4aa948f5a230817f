using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Models.MlflowModel;

/// <summary>
/// One side (inputs or outputs) of an MLflow model signature, in either of MLflow's two forms: a list of
/// named columns (a pandas DataFrame schema) or a list of tensor specs. Stored in the MLmodel YAML as a
/// JSON string.
/// </summary>
public sealed class MlflowSchema
{
    private MlflowSchema(IReadOnlyList<MlflowColumnSpec>? columns, IReadOnlyList<TensorSpec>? tensors)
    {
        Columns = columns;
        Tensors = tensors;
    }

    /// <summary>The columns of a column-based schema; null for a tensor-based one.</summary>
    public IReadOnlyList<MlflowColumnSpec>? Columns { get; }

    /// <summary>The tensors of a tensor-based schema; null for a column-based one.</summary>
    public IReadOnlyList<TensorSpec>? Tensors { get; }

    public bool IsTensorBased => Tensors is not null;

    public static MlflowSchema FromColumns(IEnumerable<MlflowColumnSpec> columns) => new([.. columns], null);

    public static MlflowSchema FromTensors(IEnumerable<TensorSpec> tensors) => new(null, [.. tensors]);

    public static MlflowSchema Parse(string json, string what)
    {
        JsonArray array;
        try
        {
            array = JsonNode.Parse(json) as JsonArray ?? throw Invalid(what, "is not a JSON array");
        }
        catch (JsonException e)
        {
            throw Invalid(what, $"is not valid JSON ({e.Message})");
        }
        if (array.Count == 0) return new MlflowSchema([], null);
        bool tensors = array.All(e => e?["type"]?.GetValue<string>() == "tensor");
        if (!tensors && array.Any(e => e?["type"]?.GetValue<string>() == "tensor"))
            throw Invalid(what, "mixes tensor and column specs");
        if (tensors)
        {
            var specs = new List<TensorSpec>();
            for (int i = 0; i < array.Count; i++)
            {
                var spec = array[i]!["tensor-spec"] ?? throw Invalid(what, $"entry {i} has no tensor-spec");
                var dtype = spec["dtype"]?.GetValue<string>() ?? throw Invalid(what, $"entry {i} has no dtype");
                if (!TensorTypeExtensions.TryParse(dtype, out var type)) throw Invalid(what, $"entry {i} has the unsupported dtype '{dtype}'");
                var shape = (spec["shape"] as JsonArray)?.Select(d => d!.GetValue<int>()).ToArray();
                specs.Add(new TensorSpec(array[i]!["name"]?.GetValue<string>() ?? "", type, shape));
            }
            return new MlflowSchema(null, specs);
        }
        var columns = new List<MlflowColumnSpec>();
        for (int i = 0; i < array.Count; i++)
        {
            var type = array[i]?["type"]?.GetValue<string>() ?? throw Invalid(what, $"entry {i} has no type");
            columns.Add(new MlflowColumnSpec(array[i]!["name"]?.GetValue<string>(), type, array[i]!["required"]?.GetValue<bool>() ?? true));
        }
        return new MlflowSchema(columns, null);
    }

    /// <summary>The JSON MLflow writes, with MLflow's key order.</summary>
    public string ToJson()
    {
        var array = new JsonArray();
        if (Tensors is not null)
            foreach (var t in Tensors)
            {
                var spec = new JsonObject
                {
                    ["dtype"] = t.Type.ToName(),
                    ["shape"] = t.Shape is null ? null : new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                };
                var entry = new JsonObject();
                if (!string.IsNullOrEmpty(t.Name)) entry["name"] = t.Name;
                entry["type"] = "tensor";
                entry["tensor-spec"] = spec;
                array.Add(entry);
            }
        else
            foreach (var c in Columns!)
            {
                var entry = new JsonObject { ["type"] = c.Type };
                if (c.Name is not null) entry["name"] = c.Name;
                entry["required"] = c.Required;
                array.Add(entry);
            }
        return PythonJson.Dumps(array);
    }

    private static GyreException Invalid(string what, string problem) =>
        GyreException.InvalidParameter($"The MLmodel signature {what} {problem}.");
}
