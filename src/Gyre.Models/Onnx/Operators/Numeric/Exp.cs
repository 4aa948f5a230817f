using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Exp: elementwise e^x.</summary>
public sealed class ExpOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Exp, TensorPrimitives.Exp, null, null);
}
