using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Protocols;

/// <summary>
/// The Open Inference Protocol v2 (KServe, Triton, Seldon MLServer): inference requests of named,
/// typed tensors with flat or nested data, and responses with the same layout.
/// </summary>
public static class OpenInferenceProtocol
{
    public sealed record InferRequest(string? Id, IReadOnlyDictionary<string, Tensor> Inputs, IReadOnlyList<string>? OutputNames);

    public static InferRequest Parse(JsonElement root, ModelSignature signature)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw Bad("An inference request is a JSON object with an inputs array.");
        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var i = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Bad($"inputs[{i}] needs a name.");
            if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
                throw Bad($"Input '{name}' needs a shape.");
            var shape = shapeElement.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var v) && v >= 0 ? v
                : throw Bad($"Input '{name}' has a shape that is not a list of non-negative integers.")).ToArray();
            if (!input.TryGetProperty("datatype", out var datatype) || datatype.ValueKind != JsonValueKind.String)
                throw Bad($"Input '{name}' needs a datatype.");
            if (!input.TryGetProperty("data", out var data)) throw Bad($"Input '{name}' needs data.");
            var leaves = new List<JsonElement>();
            Flatten(data, leaves);
            long expected = 1;
            foreach (var d in shape) expected *= d;
            if (leaves.Count != expected)
                throw Bad($"Input '{name}' has shape [{string.Join(", ", shape)}] ({expected} elements) but {leaves.Count} data values.");
            var tensor = ReadTyped(leaves, shape, datatype.GetString()!, name);
            var spec = signature.FindInput(name) ?? throw Bad($"The model has no input '{name}'; its inputs are {string.Join(", ", signature.Inputs.Select(s => s.Name))}.");
            if (!tensors.TryAdd(name, ModelInputBinder.Convert(tensor, spec))) throw Bad($"Input '{name}' is given twice.");
            i++;
        }
        foreach (var spec in signature.Inputs)
            if (!tensors.ContainsKey(spec.Name)) throw Bad($"The request lacks the model's input '{spec.Name}'.");
        List<string>? outputNames = null;
        if (root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
        {
            outputNames = [];
            foreach (var output in outputs.EnumerateArray())
            {
                var name = output.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw Bad("Each requested output needs a name.");
                if (signature.FindOutput(name) is null)
                    throw Bad($"The model has no output '{name}'; its outputs are {string.Join(", ", signature.Outputs.Select(s => s.Name))}.");
                outputNames.Add(name);
            }
        }
        return new InferRequest(id, tensors, outputNames);
    }

    public static void WriteResponse(Utf8JsonWriter json, string modelName, string modelVersion, string? id,
        IReadOnlyDictionary<string, Tensor> outputs, ModelSignature signature)
    {
        json.WriteStartObject();
        json.WriteString("model_name", modelName);
        json.WriteString("model_version", modelVersion);
        if (id is not null) json.WriteString("id", id);
        json.WriteStartArray("outputs");
        foreach (var spec in signature.Outputs)
        {
            if (!outputs.TryGetValue(spec.Name, out var tensor)) continue;
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("datatype", DataType(tensor.Type));
            json.WriteStartArray("shape");
            foreach (var d in tensor.Shape) json.WriteNumberValue(d);
            json.WriteEndArray();
            json.WriteStartArray("data");
            for (var k = 0; k < tensor.Length; k++) MlflowPredictionWriter.WriteElement(json, tensor, k);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string DataType(TensorType type) => type switch
    {
        TensorType.Float32 => "FP32",
        TensorType.Float64 => "FP64",
        TensorType.Int64 => "INT64",
        TensorType.Int32 => "INT32",
        TensorType.Bool => "BOOL",
        _ => "BYTES",
    };

    private static Tensor ReadTyped(List<JsonElement> leaves, int[] shape, string datatype, string name)
    {
        var what = $"Input '{name}'";
        switch (datatype)
        {
            case "BOOL":
                return Tensor.FromBool(leaves.Select(l => l.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Bad($"{what} is BOOL but holds {JsonTensorReader.Describe(l)}."),
                }).ToArray(), shape);
            case "BYTES":
                return Tensor.FromString(leaves.Select(l => l.ValueKind == JsonValueKind.String ? l.GetString()
                    : throw Bad($"{what} is BYTES but holds {JsonTensorReader.Describe(l)}.")).ToArray(), shape);
            case "FP16" or "FP32" or "FP64" or "INT8" or "INT16" or "INT32" or "INT64" or "UINT8" or "UINT16" or "UINT32" or "UINT64":
                var numbers = new double[leaves.Count];
                for (var i = 0; i < numbers.Length; i++) numbers[i] = JsonTensorReader.ReadNumber(leaves[i], what);
                if (datatype.Contains("INT", StringComparison.Ordinal) && numbers.Any(v => Math.Floor(v) != v))
                    throw Bad($"{what} is {datatype} but holds a non-integral value.");
                return Tensor.FromDouble(numbers, shape);
            default:
                throw Bad($"{what} has datatype '{datatype}'; supported: BOOL, INT8-64, UINT8-64, FP16, FP32, FP64, BYTES.");
        }
    }

    private static void Flatten(JsonElement element, List<JsonElement> leaves)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            leaves.Add(element);
            return;
        }
        foreach (var child in element.EnumerateArray()) Flatten(child, leaves);
    }

    private static GyreException Bad(string message) => new(ErrorCode.BAD_REQUEST, message);
}
