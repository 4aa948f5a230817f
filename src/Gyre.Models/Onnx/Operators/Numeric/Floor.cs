using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Floor: elementwise floor.</summary>
public sealed class FloorOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, TensorPrimitives.Floor, TensorPrimitives.Floor, null, null);
}
