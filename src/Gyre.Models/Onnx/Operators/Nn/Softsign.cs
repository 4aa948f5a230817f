using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Softsign: elementwise x / (1 + |x|).</summary>
public sealed class SoftsignOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(static v => v / (1 + System.MathF.Abs(v))), Unary.Each<double>(static v => v / (1 + System.Math.Abs(v))));
}
