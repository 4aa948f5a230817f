using Gyre.Models.Onnx.Operators.Common;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Nn;

/// <summary>ONNX LeakyRelu: x where x &gt;= 0, alpha * x elsewhere.</summary>
public sealed class LeakyReluOp(OnnxNode node) : OnnxKernel
{
    private readonly float _alpha = node.Float("alpha", 0.01f);

    public override void Run(KernelContext ctx)
    {
        var alpha = _alpha;
        Unary.Run(ctx,
            (x, y) => { for (var i = 0; i < x.Length; i++) y[i] = x[i] >= 0 ? x[i] : alpha * x[i]; },
            (x, y) => { for (var i = 0; i < x.Length; i++) y[i] = x[i] >= 0 ? x[i] : alpha * x[i]; });
    }
}
