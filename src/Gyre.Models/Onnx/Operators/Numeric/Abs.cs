using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Abs: elementwise absolute value.</summary>
public sealed class AbsOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Abs, TensorPrimitives.Abs, Unary.Each<long>(System.Math.Abs), Unary.Each<int>(System.Math.Abs));
}
