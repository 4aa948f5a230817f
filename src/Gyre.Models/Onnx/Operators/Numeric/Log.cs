using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Log: elementwise natural logarithm.</summary>
public sealed class LogOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Log, TensorPrimitives.Log, null, null);
}
