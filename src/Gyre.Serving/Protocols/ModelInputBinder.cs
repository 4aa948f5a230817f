using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Protocols;

/// <summary>
/// Turns a parsed request into the tensors a model's signature asks for. A table binds column by column
/// when the model's inputs are named like the columns; a model with a single tensor input takes all the
/// columns stacked in order as [rows, columns], as MLflow's onnx flavor does.
/// </summary>
public static class ModelInputBinder
{
    public static IReadOnlyDictionary<string, Tensor> Bind(ScoringRequest request, ModelSignature signature)
    {
        if (request.Frame is { } frame) return BindFrame(frame, signature);
        if (request.Tensors is { } named) return BindNamed(named, signature);
        var unnamed = request.UnnamedTensors!;
        if (signature.Inputs.Count != 1)
            throw Bad($"The model has {signature.Inputs.Count} inputs ({Names(signature)}); send them by name in an inputs object.");
        var spec = signature.Inputs[0];
        return new Dictionary<string, Tensor> { [spec.Name] = Convert(unnamed[0], spec) };
    }

    private static IReadOnlyDictionary<string, Tensor> BindFrame(InputFrame frame, ModelSignature signature)
    {
        if (signature.Inputs.All(spec => frame.IndexOf(spec.Name) >= 0))
        {
            var bound = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var spec in signature.Inputs)
            {
                var c = frame.IndexOf(spec.Name);
                var shape = spec.Shape is { Count: 1 } ? new[] { frame.RowCount } : [frame.RowCount, 1];
                bound[spec.Name] = ColumnsToTensor(frame, [c], spec, shape);
            }
            return bound;
        }
        if (signature.Inputs.Count == 1)
        {
            var spec = signature.Inputs[0];
            if (spec.Shape is { Count: 2 } && spec.Shape[1] >= 0 && spec.Shape[1] != frame.Columns.Count)
                throw Bad($"Model input '{spec.Name}' takes {spec.Shape[1]} columns but the request has {frame.Columns.Count} ({string.Join(", ", frame.Columns)}).");
            var all = new int[frame.Columns.Count];
            for (var i = 0; i < all.Length; i++) all[i] = i;
            return new Dictionary<string, Tensor> { [spec.Name] = ColumnsToTensor(frame, all, spec, [frame.RowCount, all.Length]) };
        }
        var missing = signature.Inputs.Where(spec => frame.IndexOf(spec.Name) < 0).Select(s => s.Name);
        throw Bad($"The request lacks the model's inputs {string.Join(", ", missing)}; it has columns {string.Join(", ", frame.Columns)}.");
    }

    private static IReadOnlyDictionary<string, Tensor> BindNamed(IReadOnlyDictionary<string, Tensor> tensors, ModelSignature signature)
    {
        var bound = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var spec in signature.Inputs)
        {
            if (!tensors.TryGetValue(spec.Name, out var tensor))
                throw Bad($"The request lacks the model's input '{spec.Name}'; it has {string.Join(", ", tensors.Keys)}.");
            bound[spec.Name] = Convert(tensor, spec);
        }
        return bound;
    }

    private static Tensor ColumnsToTensor(InputFrame frame, int[] columns, TensorSpec spec, int[] shape)
    {
        var rows = frame.RowCount;
        var width = columns.Length;
        if (spec.Type == TensorType.String)
        {
            var texts = new string?[rows * width];
            for (var j = 0; j < width; j++)
            {
                var c = columns[j];
                for (var r = 0; r < rows; r++)
                    texts[r * width + j] = frame.Texts[c]?[r] ?? (double.IsNaN(frame.Numbers[c][r]) ? null : frame.Numbers[c][r].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return Tensor.FromString(texts, shape);
        }
        foreach (var c in columns)
        {
            if (frame.Texts[c] is { } texts)
            {
                var row = Array.FindIndex(texts, t => t is not null && !double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
                if (row >= 0)
                    throw Bad($"Column '{frame.Columns[c]}' row {row} is the text \"{texts[row]}\" but model input '{spec.Name}' takes {spec.Type.ToName()}.");
            }
        }
        if (spec.Type == TensorType.Float32 && spec.Accepts(shape) && AllNumeric(frame, columns))
        {
            // The common case (a float model, numeric columns): straight to float32, no double tensor in between.
            var floats = new float[rows * width];
            for (var j = 0; j < width; j++)
            {
                var numbers = frame.Numbers[columns[j]];
                for (var r = 0; r < rows; r++) floats[r * width + j] = (float)numbers[r];
            }
            return Tensor.FromFloat(floats, shape);
        }
        var values = new double[rows * width];
        for (var j = 0; j < width; j++)
        {
            var numbers = frame.Numbers[columns[j]];
            var texts = frame.Texts[columns[j]];
            for (var r = 0; r < rows; r++)
                values[r * width + j] = texts?[r] is { } t ? double.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : numbers[r];
        }
        return Convert(Tensor.FromDouble(values, shape), spec);
    }

    private static bool AllNumeric(InputFrame frame, int[] columns)
    {
        foreach (var c in columns)
            if (frame.Texts[c] is not null) return false;
        return true;
    }

    /// <summary>Converts a request tensor to the element type and checks the shape the model's input declares.</summary>
    public static Tensor Convert(Tensor tensor, TensorSpec spec)
    {
        if (!spec.Accepts(tensor.Shape))
            throw Bad($"Model input '{spec.Name}' takes shape {spec.ShapeText} but the request sent [{string.Join(", ", tensor.ShapeArray())}].");
        if (tensor.Type == spec.Type) return tensor;
        var shape = tensor.ShapeArray();
        if (tensor.Type == TensorType.Float64)
        {
            var source = tensor.As<double>();
            switch (spec.Type)
            {
                case TensorType.Float32:
                    var floats = new float[source.Length];
                    for (var i = 0; i < floats.Length; i++) floats[i] = (float)source[i];
                    return Tensor.FromFloat(floats, shape);
                case TensorType.Int64:
                    var longs = new long[source.Length];
                    for (var i = 0; i < longs.Length; i++) longs[i] = (long)Integral(source[i], spec, i);
                    return Tensor.FromInt64(longs, shape);
                case TensorType.Int32:
                    var ints = new int[source.Length];
                    for (var i = 0; i < ints.Length; i++) ints[i] = checked((int)Integral(source[i], spec, i));
                    return Tensor.FromInt32(ints, shape);
                case TensorType.Bool:
                    var flags = new bool[source.Length];
                    for (var i = 0; i < flags.Length; i++) flags[i] = Integral(source[i], spec, i) != 0;
                    return Tensor.FromBool(flags, shape);
            }
        }
        if (tensor.Type == TensorType.Bool && spec.Type is TensorType.Float32 or TensorType.Float64 or TensorType.Int64 or TensorType.Int32)
        {
            var asNumbers = tensor.As<bool>().Select(b => b ? 1.0 : 0.0).ToArray();
            return Convert(Tensor.FromDouble(asNumbers, shape), spec);
        }
        throw Bad($"Model input '{spec.Name}' takes {spec.Type.ToName()} but the request sent {tensor.Type.ToName()} values.");
    }

    private static double Integral(double value, TensorSpec spec, int index)
    {
        if (double.IsNaN(value) || Math.Floor(value) != value)
            throw Bad($"Model input '{spec.Name}' takes {spec.Type.ToName()} but element {index} is {value}.");
        return value;
    }

    private static string Names(ModelSignature signature) => string.Join(", ", signature.Inputs.Select(i => i.Name));

    private static GyreException Bad(string message) => new(ErrorCode.BAD_REQUEST, message);
}
