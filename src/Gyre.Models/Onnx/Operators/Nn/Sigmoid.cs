using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Sigmoid: elementwise logistic 1/(1+e^-x).</summary>
public sealed class SigmoidOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Sigmoid, TensorPrimitives.Sigmoid, null, null);
}
