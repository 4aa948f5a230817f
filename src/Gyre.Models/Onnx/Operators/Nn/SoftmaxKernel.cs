using System.Numerics.Tensors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>
/// Shared body of Softmax and LogSoftmax. Opset 13+: along one axis (default -1). Before 13: the input is
/// coerced to 2-D at <c>axis</c> (default 1) and normalised over the flattened trailing block.
/// </summary>
public abstract class SoftmaxKernel(OnnxNode node, bool log) : OnnxKernel
{
    private readonly long _axis = node.Int("axis", node.Opset >= 13 ? -1 : 1);
    private readonly bool _singleAxis = node.Opset >= 13;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axis = Checks.Axis(ctx, _axis, x.Rank);
        int outer, n, inner;
        if (_singleAxis) { outer = Checks.Product(x.Shape, 0, axis); n = x.Rank == 0 ? 1 : x.Dim(axis); inner = Checks.Product(x.Shape, axis + 1); }
        else { outer = Checks.Product(x.Shape, 0, axis); n = Checks.Product(x.Shape, axis); inner = 1; }
        var y = ctx.Alloc(x.Type, x.Shape);
        switch (x.Type)
        {
            case TensorType.Float32: Compute(x.As<float>(), y.As<float>(), outer, n, inner); break;
            case TensorType.Float64: Compute(x.As<double>(), y.As<double>(), outer, n, inner); break;
            default: throw Checks.UnsupportedType(ctx, x);
        }
        ctx.SetOutput(0, y);
    }

    private void Compute<T>(T[] x, T[] y, int outer, int n, int inner) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                var src = x.AsSpan(o * n, n);
                var dst = y.AsSpan(o * n, n);
                var max = TensorPrimitives.Max<T>(src);
                TensorPrimitives.Subtract(src, max, dst);
                if (log)
                {
                    var sum = T.Zero;
                    foreach (var v in dst) sum += T.Exp(v);
                    TensorPrimitives.Subtract(dst, T.Log(sum), dst);
                }
                else
                {
                    TensorPrimitives.Exp<T>(dst, dst);
                    TensorPrimitives.Divide(dst, TensorPrimitives.Sum<T>(dst), dst);
                }
            }
            return;
        }
        for (var o = 0; o < outer; o++)
            for (var i = 0; i < inner; i++)
            {
                var baseIndex = o * n * inner + i;
                var max = T.NegativeInfinity;
                for (var j = 0; j < n; j++) max = T.Max(max, x[baseIndex + j * inner]);
                var sum = T.Zero;
                for (var j = 0; j < n; j++) sum += T.Exp(x[baseIndex + j * inner] - max);
                for (var j = 0; j < n; j++)
                {
                    var v = x[baseIndex + j * inner] - max;
                    y[baseIndex + j * inner] = log ? v - T.Log(sum) : T.Exp(v) / sum;
                }
            }
    }
}
