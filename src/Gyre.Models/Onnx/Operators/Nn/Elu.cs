using System.Numerics.Tensors;
using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX Elu: x where x &gt;= 0, alpha · (e^x - 1) elsewhere.</summary>
public sealed class EluOp(OnnxNode node) : OnnxKernel
{
    private readonly float _alpha = node.Float("alpha", 1f);

    public override void Run(KernelContext ctx) => Unary.Run(ctx, Unary.Each<float>(v => v >= 0 ? v : _alpha * (System.MathF.Exp(v) - 1)), Unary.Each<double>(v => v >= 0 ? v : _alpha * (System.Math.Exp(v) - 1)));
}
