using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Squeeze: drops size-1 dims (the given axes: attribute before opset 13, input after; all if none).</summary>
public sealed class SqueezeOp(OnnxNode node) : OnnxKernel
{
    private readonly long[]? _axesAttr = node.Opset < 13 ? node.Ints("axes") : null;
    private readonly bool _axesInput = node.Opset >= 13;

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var axes = _axesInput ? (ctx.Input(1) is { } given ? Checks.Longs(ctx, given, "axes") : null) : _axesAttr;
        var drop = new bool[x.Rank];
        if (axes is null || axes.Length == 0)
            for (var i = 0; i < x.Rank; i++) drop[i] = x.Dim(i) == 1;
        else
            foreach (var a in axes)
            {
                var i = Checks.Axis(ctx, a, x.Rank);
                if (x.Dim(i) != 1) throw ctx.Node.Error($"cannot squeeze axis {a} of size {x.Dim(i)}");
                drop[i] = true;
            }
        var shape = new List<int>();
        for (var i = 0; i < x.Rank; i++) if (!drop[i]) shape.Add(x.Dim(i));
        ctx.SetOutput(0, new Tensor(x.Type, shape.ToArray(), x.Data));
    }
}
