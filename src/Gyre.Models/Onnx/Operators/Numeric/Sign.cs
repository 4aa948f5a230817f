using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Numeric;

/// <summary>ONNX Sign: elementwise -1, 0 or 1.</summary>
public sealed class SignOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(static v => float.IsNaN(v) ? v : System.Math.Sign(v)), Unary.Each<double>(static v => double.IsNaN(v) ? v : System.Math.Sign(v)));
}
