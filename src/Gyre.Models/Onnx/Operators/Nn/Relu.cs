using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Relu: elementwise max(x, 0).</summary>
public sealed class ReluOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, static (x, y) => TensorPrimitives.Max(x, 0f, y), static (x, y) => TensorPrimitives.Max(x, 0d, y), static (x, y) => TensorPrimitives.Max(x, 0L, y), static (x, y) => TensorPrimitives.Max(x, 0, y));
}
