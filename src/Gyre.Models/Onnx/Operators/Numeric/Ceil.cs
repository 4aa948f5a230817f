using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Ceil: elementwise ceiling.</summary>
public sealed class CeilOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Ceiling, TensorPrimitives.Ceiling, null, null);
}
