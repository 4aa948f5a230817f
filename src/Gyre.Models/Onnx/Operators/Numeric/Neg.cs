using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Neg: elementwise negation.</summary>
public sealed class NegOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Negate, TensorPrimitives.Negate, TensorPrimitives.Negate, TensorPrimitives.Negate);
}
