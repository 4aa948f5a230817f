using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Selu: gamma · (x where x &gt; 0, alpha · (e^x - 1) elsewhere).</summary>
public sealed class SeluOp(OnnxNode node) : OnnxKernel
{
    private readonly float _alpha = node.Float("alpha", 1.67326319217681884765625f);
    private readonly float _gamma = node.Float("gamma", 1.05070102214813232421875f);

    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(v => _gamma * (v > 0 ? v : _alpha * (System.MathF.Exp(v) - 1))), Unary.Each<double>(v => _gamma * (v > 0 ? v : _alpha * (System.Math.Exp(v) - 1))));
}
