using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml LinearRegressor: Y[N, targets] = X · coefficientsᵀ + intercepts, then post_transform.</summary>
public sealed class LinearRegressorOp : OnnxKernel
{
    private readonly double[] _coefficients;
    private readonly double[] _intercepts;
    private readonly int _targets;
    private readonly PostTransformKind _post;

    public LinearRegressorOp(OnnxNode node)
    {
        _targets = checked((int)node.Int("targets", 1));
        _coefficients = (node.Floats("coefficients") ?? throw node.Error("attribute coefficients is missing")).Select(v => (double)v).ToArray();
        _intercepts = node.Floats("intercepts")?.Select(v => (double)v).ToArray() ?? new double[_targets];
        _post = PostTransform.Parse(node);
        if (_targets < 1 || _coefficients.Length % _targets != 0) throw node.Error($"{_coefficients.Length} coefficients do not split into {_targets} targets");
        if (_intercepts.Length != _targets) throw node.Error($"intercepts has {_intercepts.Length} values for {_targets} targets");
    }

    public override void Run(KernelContext ctx)
    {
        var x = new FeatureRows(ctx, ctx.In(0));
        var features = _coefficients.Length / _targets;
        if (x.Features != features) throw ctx.Node.Error($"input has {x.Features} features but the coefficients expect {features}");
        var y = ctx.Alloc(TensorType.Float32, [x.Rows, _targets]);
        var output = y.As<float>();
        Span<double> row = features <= 256 ? stackalloc double[features] : new double[features];
        Span<double> scores = _targets <= 64 ? stackalloc double[_targets] : new double[_targets];
        for (var r = 0; r < x.Rows; r++)
        {
            x.Row(r, row);
            for (var t = 0; t < _targets; t++)
            {
                var s = _intercepts[t];
                var w = _coefficients.AsSpan(t * features, features);
                for (var f = 0; f < features; f++) s += row[f] * w[f];
                scores[t] = s;
            }
            PostTransform.Apply(_post, scores);
            for (var t = 0; t < _targets; t++) output[r * _targets + t] = (float)scores[t];
        }
        ctx.SetOutput(0, y);
    }
}
