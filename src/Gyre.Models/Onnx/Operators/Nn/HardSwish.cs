using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX HardSwish: x · max(0, min(1, x / 6 + 1/2)).</summary>
public sealed class HardSwishOp : OnnxKernel
{
    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(static v => v * System.Math.Clamp(v / 6f + 0.5f, 0f, 1f)), Unary.Each<double>(static v => v * System.Math.Clamp(v / 6d + 0.5d, 0d, 1d)));
}
