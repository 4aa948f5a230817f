using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>ai.onnx.ml TreeEnsembleRegressor: Y[N, n_targets] = aggregate of leaf weights + base_values, then post_transform.</summary>
public sealed class TreeEnsembleRegressorOp : OnnxKernel
{
    private readonly TreeEnsemble _trees;
    private readonly int _targets;
    private readonly TreeEnsemble.Aggregation _aggregation;
    private readonly double[] _base;
    private readonly PostTransformKind _post;

    public TreeEnsembleRegressorOp(OnnxNode node)
    {
        _targets = checked((int)node.Int("n_targets", 1));
        if (_targets < 1) throw node.Error("n_targets must be at least 1");
        _trees = new TreeEnsemble(node, "target", _targets);
        _aggregation = TreeEnsemble.ParseAggregation(node);
        _base = node.Floats("base_values")?.Select(v => (double)v).ToArray() ?? node.TensorAttr("base_values_as_tensor")?.As<double>() ?? [];
        if (_base.Length != 0 && _base.Length != _targets) throw node.Error($"base_values has {_base.Length} values for {_targets} targets");
        _post = PostTransform.Parse(node);
    }

    public override bool AcceptsMissingValues => true;

    public override void Run(KernelContext ctx)
    {
        var x = new FeatureRows(ctx, ctx.In(0));
        _trees.CheckFeatures(ctx, x);
        var y = ctx.Alloc(TensorType.Float32, [x.Rows, _targets]);
        var output = y.As<float>();
        Span<double> scores = _targets <= 64 ? stackalloc double[_targets] : new double[_targets];
        Span<bool> touched = _targets <= 64 ? stackalloc bool[_targets] : new bool[_targets];
        Span<double> row = x.Features <= 512 ? stackalloc double[x.Features] : new double[x.Features];
        for (var r = 0; r < x.Rows; r++)
        {
            scores.Clear();
            touched.Clear();
            x.Row(r, row);
            _trees.Accumulate(row, scores, _aggregation, touched);
            for (var t = 0; t < _targets; t++)
            {
                if (_aggregation == TreeEnsemble.Aggregation.Average) scores[t] /= _trees.TreeCount;
                if (_base.Length > 0) scores[t] += _base[t];
            }
            PostTransform.Apply(_post, scores);
            for (var t = 0; t < _targets; t++) output[r * _targets + t] = (float)scores[t];
        }
        ctx.SetOutput(0, y);
    }
}
