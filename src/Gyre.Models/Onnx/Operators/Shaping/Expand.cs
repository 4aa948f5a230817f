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
        var strides = Broadcast.Strides(x.Shape, shape);
        Span<int> index = stackalloc int[shape.Length];
        for (var o = 0; o < y.Length; o++)
        {
            var offset = 0;
            for (var i = 0; i < shape.Length; i++) offset += index[i] * strides[i];
            Array.Copy(x.Data, offset, y.Data, o, 1);
            for (var i = shape.Length - 1; i >= 0; i--)
            {
                if (++index[i] < shape[i]) break;
                index[i] = 0;
            }
        }
        ctx.SetOutput(0, y);
    }
}
