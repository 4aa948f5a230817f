using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Reshape: shape from input 1 (attribute before opset 5); 0 copies a dim unless allowzero, -1 is inferred.</summary>
public sealed class ReshapeOp(OnnxNode node) : OnnxKernel
{
    private readonly long[]? _shapeAttr = node.Opset < 5 ? node.Ints("shape") : null;
    private readonly bool _allowZero = node.Int("allowzero", 0) != 0;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var requested = _shapeAttr ?? Checks.Longs(ctx, ctx.In(1), "shape");
        var shape = Resolve(ctx, x, requested, _allowZero);
        ctx.SetOutput(0, new Tensor(x.Type, shape, x.Data));
    }

    public static int[] Resolve(KernelContext ctx, Tensor x, long[] requested, bool allowZero)
    {
        var shape = new int[requested.Length];
        var infer = -1;
        long known = 1;
        for (var i = 0; i < requested.Length; i++)
        {
            var v = requested[i];
            if (v == -1)
            {
                if (infer >= 0) throw ctx.Node.Error("shape has more than one -1");
                infer = i;
                continue;
            }
            if (v == 0 && !allowZero)
            {
                if (i >= x.Rank) throw ctx.Node.Error($"shape copies dim {i} (0) but the input has rank {x.Rank}");
                v = x.Dim(i);
            }
            if (v < 0) throw ctx.Node.Error($"shape has invalid dim {requested[i]}");
            shape[i] = checked((int)v);
            known *= v;
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Length % known != 0)
                throw ctx.Node.Error($"cannot reshape {Checks.ShapeText(x.Shape)} to [{string.Join(", ", requested)}]");
            shape[infer] = (int)(x.Length / known);
        }
        else if (known != x.Length)
            throw ctx.Node.Error($"cannot reshape {Checks.ShapeText(x.Shape)} ({x.Length} elements) to [{string.Join(", ", requested)}]");
        return shape;
    }
}
