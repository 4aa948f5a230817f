using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Where: X where condition else Y, all three broadcast together.</summary>
public sealed class WhereOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var cond = ctx.In(0);
        var x = ctx.In(1);
        var y = ctx.In(2);
        if (cond.Type != TensorType.Bool) throw ctx.Node.Error($"condition must be bool but is {cond.Type.ToName()}");
        Checks.SameType(ctx, x, y);
        var shape = Broadcast.Shape(ctx.Node, Broadcast.Shape(ctx.Node, cond.Shape, x.Shape), y.Shape);
        var result = ctx.Alloc(x.Type, shape);
        var sc = Broadcast.Strides(cond.Shape, shape);
        var sx = Broadcast.Strides(x.Shape, shape);
        var sy = Broadcast.Strides(y.Shape, shape);
        var c = cond.As<bool>();
        Span<int> index = stackalloc int[shape.Length];
        for (var o = 0; o < result.Length; o++)
        {
            int oc = 0, ox = 0, oy = 0;
            for (var i = 0; i < shape.Length; i++) { oc += index[i] * sc[i]; ox += index[i] * sx[i]; oy += index[i] * sy[i]; }
            if (c[oc]) Array.Copy(x.Data, ox, result.Data, o, 1);
            else Array.Copy(y.Data, oy, result.Data, o, 1);
            for (var i = shape.Length - 1; i >= 0; i--)
            {
                if (++index[i] < shape[i]) break;
                index[i] = 0;
            }
        }
        ctx.SetOutput(0, result);
    }
}
