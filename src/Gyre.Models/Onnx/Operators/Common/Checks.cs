using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Common;

/// <summary>Input checks shared by kernels; failures name the node and the problem.</summary>
public static class Checks
{
    public static void SameType(KernelContext ctx, Tensor a, Tensor b)
    {
        if (a.Type != b.Type)
            throw ctx.Node.Error($"inputs must share one element type but are {a.Type.ToName()} and {b.Type.ToName()}");
    }

    public static Exception UnsupportedType(KernelContext ctx, Tensor t) =>
        ctx.Node.Error($"element type {t.Type.ToName()} is not supported by this operator");

    public static int Axis(KernelContext ctx, long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.Max(rank, 1) && !(rank == 0 && a == 0))
            throw ctx.Node.Error($"axis {axis} is out of range for a rank-{rank} tensor");
        return (int)a;
    }

    public static string ShapeText(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Reads an int64 (or int32) tensor as a long array: shapes, axes, indices given as inputs.</summary>
    public static long[] Longs(KernelContext ctx, Tensor t, string what) => t.Type switch
    {
        TensorType.Int64 => t.As<long>(),
        TensorType.Int32 => t.As<int>().Select(v => (long)v).ToArray(),
        _ => throw ctx.Node.Error($"{what} must be int64 but is {t.Type.ToName()}"),
    };

    public static int Product(ReadOnlySpan<int> shape, int from = 0, int to = -1)
    {
        if (to < 0) to = shape.Length;
        var p = 1;
        for (var i = from; i < to; i++) p *= shape[i];
        return p;
    }
}
