using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Softplus: elementwise log(1 + e^x).</summary>
public sealed class SoftplusOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(static v => v > 20 ? v : System.MathF.Log(1 + System.MathF.Exp(v))), Unary.Each<double>(static v => v > 40 ? v : System.Math.Log(1 + System.Math.Exp(v))));
}
