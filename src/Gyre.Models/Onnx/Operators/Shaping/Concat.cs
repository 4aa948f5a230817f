using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Concat: joins inputs along one axis; all other dims must agree.</summary>
public sealed class ConcatOp(OnnxNode node) : OnnxKernel
{
    private readonly long _axis = node.Has("axis") ? node.Int("axis", 0) : throw node.Error("attribute axis is required");

    public override void Run(KernelContext ctx)
    {
        var inputs = Enumerable.Range(0, ctx.InputCount).Select(ctx.Input).Where(t => t is not null).Select(t => t!).ToArray();
        if (inputs.Length == 0) throw ctx.Node.Error("needs at least one input");
        var first = inputs[0];
        var axis = Checks.Axis(ctx, _axis, first.Rank);
        var shape = first.ShapeArray();
        shape[axis] = 0;
        foreach (var t in inputs)
        {
            if (t.Type != first.Type || t.Rank != first.Rank) throw ctx.Node.Error("inputs must share element type and rank");
            for (var i = 0; i < t.Rank; i++)
                if (i != axis && t.Dim(i) != first.Dim(i))
                    throw ctx.Node.Error($"input shapes {Checks.ShapeText(first.Shape)} and {Checks.ShapeText(t.Shape)} differ outside axis {axis}");
            shape[axis] += t.Dim(axis);
        }
        var y = ctx.Alloc(first.Type, shape);
        var outer = Checks.Product(shape, 0, axis);
        var offset = 0;
        var outBlock = Checks.Product(shape, axis);
        foreach (var t in inputs)
        {
            var block = Checks.Product(t.Shape, axis);
            for (var o = 0; o < outer; o++) Array.Copy(t.Data, o * block, y.Data, o * outBlock + offset, block);
            offset += block;
        }
        ctx.SetOutput(0, y);
    }
}
