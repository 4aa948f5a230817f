using Gyre.Core.Data;
using Gyre.Models.Abstractions;
using Gyre.Serving.Protocols;

namespace Gyre.Serving.Hosting;

/// <summary>Turns a request's inputs and a model's outputs into what observers and policies look at; only called when someone looks.</summary>
internal static class ObservedData
{
    /// <summary>The request's rows as a table: its columns when it had named columns, else one column per tensor (or per tensor column).</summary>
    public static DataFrame? Inputs(InputFrame? frame, IReadOnlyDictionary<string, Tensor>? tensors)
    {
        if (frame is not null)
        {
            var columns = new List<Column>(frame.Columns.Count);
            for (var c = 0; c < frame.Columns.Count; c++)
                columns.Add(frame.Texts[c] is { } texts ? new StringColumn(frame.Columns[c], texts) : new DoubleColumn(frame.Columns[c], frame.Numbers[c]));
            return new DataFrame(columns);
        }
        if (tensors is null || tensors.Count == 0) return null;
        var result = new List<Column>();
        foreach (var (name, tensor) in tensors)
        {
            if (tensor.Rank == 0) continue;
            var rows = tensor.Dim(0);
            var width = rows == 0 ? 0 : tensor.Length / rows;
            if (tensor.Type == TensorType.String)
            {
                var data = tensor.As<string?>();
                for (var k = 0; k < width; k++)
                {
                    var column = new string?[rows];
                    for (var r = 0; r < rows; r++) column[r] = data[r * width + k];
                    result.Add(new StringColumn(width == 1 ? name : $"{name}_{k}", column));
                }
                continue;
            }
            var values = ToDoubles(tensor);
            if (values is null) continue;
            for (var k = 0; k < width; k++)
            {
                var column = new double[rows];
                for (var r = 0; r < rows; r++) column[r] = values[r * width + k];
                result.Add(new DoubleColumn(width == 1 ? name : $"{name}_{k}", column));
            }
        }
        return result.Count == 0 ? null : new DataFrame(result);
    }

    /// <summary>The first value per row of the label output (or the first output), as doubles.</summary>
    public static double[]? FirstOutput(IReadOnlyDictionary<string, Tensor> outputs, ServedModel served)
    {
        Tensor? tensor = null;
        if (served.LabelOutput is { } label) outputs.TryGetValue(label, out tensor);
        if (tensor is null)
            foreach (var spec in served.Signature.Outputs)
                if (outputs.TryGetValue(spec.Name, out tensor)) break;
        tensor ??= outputs.Values.FirstOrDefault();
        if (tensor is null || tensor.Rank == 0 || tensor.Dim(0) == 0) return null;
        var values = ToDoubles(tensor);
        if (values is null) return null;
        var rows = tensor.Dim(0);
        var width = tensor.Length / rows;
        var result = new double[rows];
        for (var r = 0; r < rows; r++) result[r] = values[r * width];
        return result;
    }

    private static double[]? ToDoubles(Tensor tensor) => tensor.Type switch
    {
        TensorType.Float64 => tensor.As<double>(),
        TensorType.Float32 => Array.ConvertAll(tensor.As<float>(), v => (double)v),
        TensorType.Int64 => Array.ConvertAll(tensor.As<long>(), v => (double)v),
        TensorType.Int32 => Array.ConvertAll(tensor.As<int>(), v => (double)v),
        TensorType.Bool => Array.ConvertAll(tensor.As<bool>(), v => v ? 1.0 : 0.0),
        _ => null,
    };
}
