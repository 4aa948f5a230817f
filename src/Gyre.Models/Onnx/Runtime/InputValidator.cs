using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Models.Onnx.Runtime;

/// <summary>Checks a caller's tensor against the graph input it feeds, with messages that name the input.</summary>
internal static class InputValidator
{
    public static void Check(TensorSpec spec, Tensor tensor, bool allowMissing)
    {
        if (tensor.Type != spec.Type)
            throw GyreException.InvalidParameter(
                $"Input '{spec.Name}' must be {spec.Type.ToName()} but a {tensor.Type.ToName()} tensor was given.");
        if (!spec.Accepts(tensor.Shape))
            throw GyreException.InvalidParameter(
                $"Input '{spec.Name}' must have shape {spec.ShapeText} (-1 = any size) but has [{string.Join(", ", tensor.Shape.ToArray())}].");
        if (allowMissing) return;
        var bad = tensor.Type switch
        {
            TensorType.Float32 => FirstNonFinite(tensor.AsSpan<float>()),
            TensorType.Float64 => FirstNonFinite(tensor.AsSpan<double>()),
            _ => -1,
        };
        if (bad >= 0)
            throw GyreException.InvalidParameter(
                $"Input '{spec.Name}' holds a NaN or infinite value at flat index {bad} (row {RowOf(tensor, bad)}); this model does not accept missing values.");
    }

    private static int RowOf(Tensor t, int flat) => t.Rank == 0 || t.Length == 0 ? 0 : flat / (t.Length / Math.Max(1, t.Dim(0)));

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values)) return -1;
        for (var i = 0; i < values.Length; i++) if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values)) return -1;
        for (var i = 0; i < values.Length; i++) if (!double.IsFinite(values[i])) return i;
        return -1;
    }
}
