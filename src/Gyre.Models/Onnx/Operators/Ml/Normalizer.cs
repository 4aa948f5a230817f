using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml Normalizer: divides each row by its MAX, L1 or L2 norm.</summary>
public sealed class NormalizerOp : OnnxKernel
{
    private readonly string _norm;

    public NormalizerOp(OnnxNode node)
    {
        _norm = node.String("norm", "MAX");
        if (_norm is not ("MAX" or "L1" or "L2")) throw node.Unsupported($"norm '{_norm}'");
    }

    public override void Run(KernelContext ctx)
    {
        var input = ctx.In(0);
        var x = new FeatureRows(ctx, input);
        var f = x.Features;
        var y = ctx.Alloc(TensorType.Float32, input.Shape);
        var output = y.As<float>();
        for (var r = 0; r < x.Rows; r++)
        {
            double norm = 0;
            for (var j = 0; j < f; j++)
            {
                var v = x[r, j];
                norm = _norm switch
                {
                    "MAX" => j == 0 ? v : System.Math.Max(norm, v),
                    "L1" => norm + System.Math.Abs(v),
                    _ => norm + v * v,
                };
            }
            if (_norm == "L2") norm = System.Math.Sqrt(norm);
            for (var j = 0; j < f; j++) output[r * f + j] = (float)(norm == 0 ? x[r, j] : x[r, j] / norm);
        }
        ctx.SetOutput(0, y);
    }
}
