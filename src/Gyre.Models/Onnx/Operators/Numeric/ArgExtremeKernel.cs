using System.Numerics;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>Shared body of ArgMax / ArgMin: int64 index of the extreme along <c>axis</c>; first occurrence unless select_last_index.</summary>
public abstract class ArgExtremeKernel(OnnxNode node, bool max) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", 0);
    private readonly bool _keepDims = node.Int("keepdims", 1) != 0;
    private readonly bool _last = node.Int("select_last_index", 0) != 0;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axis = Checks.Axis(ctx, _axis, x.Rank);
        var outer = Checks.Product(x.Shape, 0, axis);
        var n = x.Dim(axis);
        var inner = Checks.Product(x.Shape, axis + 1);
        if (n == 0) throw ctx.Node.Error($"axis {axis} is empty");
        var shape = x.ShapeArray().ToList();
        if (_keepDims) shape[axis] = 1; else shape.RemoveAt(axis);
        var y = ctx.Alloc(TensorType.Int64, shape.ToArray());
        switch (x.Type)
        {
            case TensorType.Float32: Compute(x.As<float>(), y.As<long>(), outer, n, inner); break;
            case TensorType.Float64: Compute(x.As<double>(), y.As<long>(), outer, n, inner); break;
            case TensorType.Int64: Compute(x.As<long>(), y.As<long>(), outer, n, inner); break;
            case TensorType.Int32: Compute(x.As<int>(), y.As<long>(), outer, n, inner); break;
            default: throw Checks.UnsupportedType(ctx, x);
        }
        ctx.SetOutput(0, y);
    }

    private void Compute<T>(T[] x, long[] y, int outer, int n, int inner) where T : INumber<T>
    {
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var baseIndex = o * n * inner + i;
                var best = 0;
                var bestValue = x[baseIndex];
                for (var j = 1; j < n; j++)
                {
                    var v = x[baseIndex + j * inner];
                    var better = max ? (_last ? v >= bestValue : v > bestValue) : (_last ? v <= bestValue : v < bestValue);
                    if (better) { best = j; bestValue = v; }
                }
                y[o * inner + i] = best;
            }
    }
}
