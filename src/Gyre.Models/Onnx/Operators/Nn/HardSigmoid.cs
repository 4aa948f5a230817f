using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX HardSigmoid: max(0, min(1, alpha · x + beta)).</summary>
public sealed class HardSigmoidOp(OnnxNode node) : OnnxKernel
{
    private readonly float _alpha = node.Float("alpha", 0.2f);
    private readonly float _beta = node.Float("beta", 0.5f);

    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(v => System.Math.Clamp(_alpha * v + _beta, 0f, 1f)), Unary.Each<double>(v => System.Math.Clamp(_alpha * v + _beta, 0d, 1d)));
}
