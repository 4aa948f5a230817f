using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX ConstantOfShape: a tensor of the given shape filled with the one-element value (default float 0).</summary>
public sealed class ConstantOfShapeOp(OnnxNode node) : OnnxKernel
{
    private readonly Tensor _value = node.TensorAttr("value") ?? Tensor.FromFloat([0f], 1);

    public override void Run(KernelContext ctx)
    {
        var shape = Checks.Longs(ctx, ctx.In(0), "shape").Select(d => d < 0 ? throw ctx.Node.Error($"dim {d} is negative") : checked((int)d)).ToArray();
        var y = ctx.Alloc(_value.Type, shape);
        for (var i = 0; i < y.Length; i++) Array.Copy(_value.Data, 0, y.Data, i, 1);
        ctx.SetOutput(0, y);
    }
}
