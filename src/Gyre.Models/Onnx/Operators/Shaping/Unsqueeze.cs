using Gyre.Models.Onnx.Runtime;
using Gyre.Models.Onnx.Operators.Common;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Unsqueeze: inserts size-1 dims at the given output axes (attribute before opset 13, input after).</summary>
public sealed class UnsqueezeOp(OnnxNode node) : OnnxKernel
{
    private readonly long[]? _axesAttr = node.Opset < 13 ? node.Ints("axes") : null;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axes = _axesAttr ?? Checks.Longs(ctx, ctx.In(1), "axes");
        var rank = x.Rank + axes.Length;
        var insert = new bool[rank];
        foreach (var a in axes)
        {
            var i = (int)(a < 0 ? a + rank : a);
            if (i < 0 || i >= rank || insert[i]) throw ctx.Node.Error($"axis {a} is invalid or repeated for output rank {rank}");
            insert[i] = true;
        }
        var shape = new int[rank];
        var j = 0;
        for (var i = 0; i < rank; i++) shape[i] = insert[i] ? 1 : x.Dim(j++);
        ctx.SetOutput(0, new Tensor(x.Type, shape, x.Data));
    }
}
