using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml LinearClassifier: scores = X · coefficientsᵀ + intercepts, post_transform, label = argmax.
/// With one coefficient row and two labels the score s expands to [-s, s] (the spec's binary case).
/// </summary>
public sealed class LinearClassifierOp : OnnxKernel
{
    private readonly double[] _coefficients;
    private readonly double[] _intercepts;
    private readonly ClassLabels _labels;
    private readonly PostTransformKind _post;
    private readonly int _rows;

    public LinearClassifierOp(OnnxNode node)
    {
        _labels = new ClassLabels(node, "classlabels_ints");
        _coefficients = (node.Floats("coefficients") ?? throw node.Error("attribute coefficients is missing")).Select(v => (double)v).ToArray();
        _post = PostTransform.Parse(node);
        var intercepts = node.Floats("intercepts");
        var classes = _labels.Count;
        _rows = intercepts is { Length: > 0 } ? intercepts.Length : _coefficients.Length % classes == 0 ? classes : 1;
        if (_rows != classes && !(_rows == 1 && classes == 2))
            throw node.Error($"{_rows} coefficient rows do not fit {classes} class labels");
        _intercepts = intercepts?.Select(v => (double)v).ToArray() ?? new double[_rows];
        if (_intercepts.Length != _rows) throw node.Error($"intercepts has {_intercepts.Length} values but {_rows} class rows are expected");
        if (_coefficients.Length % _rows != 0) throw node.Error($"{_coefficients.Length} coefficients do not split into {_rows} rows");
    }

    public override void Run(KernelContext ctx)
    {
        var x = new FeatureRows(ctx, ctx.In(0));
        var features = _coefficients.Length / _rows;
        if (x.Features != features) throw ctx.Node.Error($"input has {x.Features} features but the coefficients expect {features}");
        var classes = _labels.Count;
        var outCols = _rows == 1 ? 2 : _rows;
        var label = _labels.Allocate(ctx, x.Rows);
        var z = ctx.Alloc(TensorType.Float32, [x.Rows, outCols]);
        var output = z.As<float>();
        Span<double> row = features <= 256 ? stackalloc double[features] : new double[features];
        Span<double> scores = stackalloc double[System.Math.Max(outCols, 2)];
        scores = scores[..outCols];
        for (var r = 0; r < x.Rows; r++)
        {
            x.Row(r, row);
            for (var c = 0; c < _rows; c++)
            {
                var s = _intercepts[c];
                var w = _coefficients.AsSpan(c * features, features);
                for (var f = 0; f < features; f++) s += row[f] * w[f];
                scores[c] = s;
            }
            int best;
            if (_rows == 1)
            {
                var s = scores[0];
                best = s > 0 ? 1 : 0;
                scores[0] = -s;
                scores[1] = s;
                PostTransform.Apply(_post, scores);
            }
            else
            {
                best = PostTransform.ArgMax(scores);
                PostTransform.Apply(_post, scores);
            }
            _labels.Write(label, r, System.Math.Min(best, classes - 1));
            for (var c = 0; c < outCols; c++) output[r * outCols + c] = (float)scores[c];
        }
        ctx.SetOutput(0, label);
        ctx.SetOutput(1, z);
    }
}
