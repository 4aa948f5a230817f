using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Expand: broadcasts the input to the given shape (numpy rules, result may be larger than the shape).</summary>
public sealed class ExpandOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var target = Checks.Longs(ctx, ctx.In(1), "shape").Select(d => checked((int)d)).ToArray();
        var shape = Broadcast.Shape(ctx.Node, x.Shape, target);
        var y = ctx.Alloc(x.Type, shape);
        var strides = Broadcast.Strides(x.Shape, shape).Select(v => (long)v).ToArray();
        StridedCopy.Run(x.Data, y.Data, shape, strides, 0);
        ctx.SetOutput(0, y);
    }
}
