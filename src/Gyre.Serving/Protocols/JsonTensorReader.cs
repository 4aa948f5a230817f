using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Protocols;

/// <summary>Reads nested JSON arrays (numpy's tolist() layout) as a rectangular tensor.</summary>
internal static class JsonTensorReader
{
    public static Tensor Read(JsonElement element, string what)
    {
        var shape = new List<int>();
        var probe = element;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            if (probe.GetArrayLength() == 0) break;
            probe = probe[0];
        }
        if (shape.Count == 0) throw Bad($"{what} must be an array.");
        var leaves = new List<JsonElement>();
        Collect(element, 0, shape, leaves, what);
        return FromLeaves(leaves, shape.ToArray(), what);
    }

    /// <summary>Builds a tensor of the given shape from flat JSON values, inferring the element type.</summary>
    public static Tensor FromLeaves(List<JsonElement> leaves, int[] shape, string what)
    {
        if (leaves.Count == 0) return Tensor.Zeros(TensorType.Float64, shape);
        var kind = leaves[0].ValueKind;
        if (kind is JsonValueKind.String)
        {
            var texts = new string?[leaves.Count];
            for (var i = 0; i < texts.Length; i++)
                texts[i] = leaves[i].ValueKind == JsonValueKind.Null ? null : leaves[i].ValueKind == JsonValueKind.String ? leaves[i].GetString()
                    : throw Bad($"{what} mixes text and other values.");
            return Tensor.FromString(texts, shape);
        }
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            var flags = new bool[leaves.Count];
            for (var i = 0; i < flags.Length; i++)
                flags[i] = leaves[i].ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Bad($"{what} mixes booleans and other values."),
                };
            return Tensor.FromBool(flags, shape);
        }
        var numbers = new double[leaves.Count];
        for (var i = 0; i < numbers.Length; i++) numbers[i] = ReadNumber(leaves[i], what);
        return Tensor.FromDouble(numbers, shape);
    }

    public static double ReadNumber(JsonElement value, string what) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String when value.GetString() is "NaN" or "nan" => double.NaN,
        JsonValueKind.String when value.GetString() is "Infinity" or "inf" => double.PositiveInfinity,
        JsonValueKind.String when value.GetString() is "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => throw Bad($"{what} holds {Describe(value)} where a number is expected."),
    };

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static void Collect(JsonElement element, int depth, List<int> shape, List<JsonElement> leaves, string what)
    {
        if (depth == shape.Count)
        {
            if (element.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                throw Bad($"{what} is not rectangular: nested deeper at some positions than others.");
            leaves.Add(element);
            return;
        }
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != shape[depth])
            throw Bad(
                $"{what} is not rectangular: expected an array of {shape[depth]} at depth {depth}.");
        foreach (var child in element.EnumerateArray()) Collect(child, depth + 1, shape, leaves, what);
    }

    private static GyreException Bad(string message) => new(ErrorCode.BAD_REQUEST, message);
}
