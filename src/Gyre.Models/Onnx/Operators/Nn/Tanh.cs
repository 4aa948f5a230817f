using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Tanh: elementwise hyperbolic tangent.</summary>
public sealed class TanhOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Tanh, TensorPrimitives.Tanh, null, null);
}
