using System.Text.Json;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Protocols;

/// <summary>
/// Writes <c>{"predictions": ...}</c> as MLflow's scoring server does: with one output, one value (or
/// array) per row; with several, one record per row keyed by output name. ZipMap outputs become
/// objects of label: probability. NaN, which JSON lacks, is written as null.
/// </summary>
public static class MlflowPredictionWriter
{
    public static void Write(Utf8JsonWriter json, IReadOnlyDictionary<string, Tensor> outputs, ModelSignature signature)
    {
        var ordered = signature.Outputs.Where(s => outputs.ContainsKey(s.Name)).Select(s => (Spec: s, Tensor: outputs[s.Name])).ToArray();
        var rows = ordered.Length == 0 ? 0 : ordered[0].Tensor.Rank == 0 ? 1 : ordered[0].Tensor.Dim(0);
        json.WriteStartObject();
        json.WritePropertyName("predictions");
        json.WriteStartArray();
        for (var r = 0; r < rows; r++)
        {
            if (ordered.Length == 1)
            {
                WriteRow(json, ordered[0].Tensor, ordered[0].Spec, r);
                continue;
            }
            json.WriteStartObject();
            foreach (var (spec, tensor) in ordered)
            {
                json.WritePropertyName(spec.Name);
                WriteRow(json, tensor, spec, r);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, Tensor tensor, TensorSpec spec, int row)
    {
        var perRow = tensor.Rank == 0 ? 1 : tensor.Length / Math.Max(1, tensor.Dim(0));
        var start = row * perRow;
        if (spec.ColumnLabels is { } labels && perRow == labels.Count)
        {
            json.WriteStartObject();
            for (var j = 0; j < perRow; j++)
            {
                json.WritePropertyName(labels[j]);
                WriteElement(json, tensor, start + j);
            }
            json.WriteEndObject();
            return;
        }
        if (tensor.Rank <= 1 || perRow == 1 && tensor.Rank == 2)
        {
            WriteElement(json, tensor, start);
            return;
        }
        json.WriteStartArray();
        for (var j = 0; j < perRow; j++) WriteElement(json, tensor, start + j);
        json.WriteEndArray();
    }

    public static void WriteElement(Utf8JsonWriter json, Tensor tensor, int index)
    {
        switch (tensor.Type)
        {
            case TensorType.Float32:
                var f = tensor.As<float>()[index];
                if (float.IsFinite(f)) json.WriteNumberValue(f); else json.WriteNullValue();
                break;
            case TensorType.Float64:
                var d = tensor.As<double>()[index];
                if (double.IsFinite(d)) json.WriteNumberValue(d); else json.WriteNullValue();
                break;
            case TensorType.Int64: json.WriteNumberValue(tensor.As<long>()[index]); break;
            case TensorType.Int32: json.WriteNumberValue(tensor.As<int>()[index]); break;
            case TensorType.Bool: json.WriteBooleanValue(tensor.As<bool>()[index]); break;
            default:
                var s = tensor.As<string?>()[index];
                if (s is null) json.WriteNullValue(); else json.WriteStringValue(s);
                break;
        }
    }
}
