using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Dropout at inference: the identity, with an all-true mask when asked. Training mode is refused.</summary>
public sealed class DropoutOp(OnnxNode node) : OnnxKernel
{
    private readonly bool _trainingAttr = node.Opset < 7 && node.Int("is_test", 0) == 0 && node.Has("is_test");

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        if (_trainingAttr) throw ctx.Node.Error("training mode (is_test=0) is not supported at inference");
        if (ctx.Input(2) is { } training && training.As<bool>()[0])
            throw ctx.Node.Error("training_mode=true is not supported at inference");
        ctx.SetOutput(0, Unary.Copy(ctx, x));
        if (ctx.WantsOutput(1))
        {
            var mask = ctx.Alloc(TensorType.Bool, x.Shape);
            Array.Fill(mask.As<bool>(), true);
            ctx.SetOutput(1, mask);
        }
    }
}
