using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Not: elementwise boolean negation.</summary>
public sealed class NotOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (x.Type != TensorType.Bool) throw ctx.Node.Error($"input must be bool but is {x.Type.ToName()}");
        var y = ctx.Alloc(TensorType.Bool, x.Shape);
        var (src, dst) = (x.As<bool>(), y.As<bool>());
        for (var i = 0; i < src.Length; i++) dst[i] = !src[i];
        ctx.SetOutput(0, y);
    }
}
