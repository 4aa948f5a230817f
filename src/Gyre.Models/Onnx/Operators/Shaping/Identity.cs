using Gyre.Models.Onnx.Runtime;
using Tensor = Gyre.Models.Abstractions.Tensor;

namespace Gyre.Models.Onnx.Operators.Shaping;

/// <summary>ONNX Identity: the input itself (a view; buffers are reference counted).</summary>
public sealed class IdentityOp : OnnxKernel
{
    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        ctx.SetOutput(0, new Tensor(x.Type, x.Shape, x.Data));
    }
}
