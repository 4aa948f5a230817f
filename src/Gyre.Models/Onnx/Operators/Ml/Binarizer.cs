using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml Binarizer: 1 where x &gt; threshold, else 0, in the input's type.</summary>
public sealed class BinarizerOp(OnnxNode node) : OnnxKernel
{
    private readonly float _threshold = node.Float("threshold", 0f);

    public override void Run(KernelContext ctx)
    {
        var x = ctx.In(0);
        var y = ctx.Alloc(x.Type, x.Shape);
        switch (x.Type)
        {
            case TensorType.Float32: { var (s, d) = (x.As<float>(), y.As<float>()); for (var i = 0; i < s.Length; i++) d[i] = s[i] > _threshold ? 1 : 0; break; }
            case TensorType.Float64: { var (s, d) = (x.As<double>(), y.As<double>()); for (var i = 0; i < s.Length; i++) d[i] = s[i] > _threshold ? 1 : 0; break; }
            case TensorType.Int64: { var (s, d) = (x.As<long>(), y.As<long>()); for (var i = 0; i < s.Length; i++) d[i] = s[i] > _threshold ? 1 : 0; break; }
            case TensorType.Int32: { var (s, d) = (x.As<int>(), y.As<int>()); for (var i = 0; i < s.Length; i++) d[i] = s[i] > _threshold ? 1 : 0; break; }
            default: throw ctx.Node.Error($"input type {x.Type.ToName()} is not numeric");
        }
        ctx.SetOutput(0, y);
    }
}
