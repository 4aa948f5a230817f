using Gyre.Models.Abstractions;
using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// ai.onnx.ml TreeEnsembleClassifier: outputs the label [N] and the scores [N, C]. With two labels and
/// every weight on class id 0, the single score s belongs to the positive class and expands to
/// [1-s, s] (NONE) or [sigmoid(-s), sigmoid(s)] (LOGISTIC), as skl2onnx, onnxruntime and the ONNX
/// reference implementation agree. The lowest class index wins ties.
/// </summary>
public sealed class TreeEnsembleClassifierOp : OnnxKernel
{
    private readonly TreeEnsemble _trees;
    private readonly ClassLabels _labels;
    private readonly double[] _base;
    private readonly PostTransformKind _post;
    private readonly bool _binarySingleScore;

    public TreeEnsembleClassifierOp(OnnxNode node)
    {
        _labels = new ClassLabels(node, "classlabels_int64s");
        _trees = new TreeEnsemble(node, "class", _labels.Count);
        _base = node.Floats("base_values")?.Select(v => (double)v).ToArray() ?? node.TensorAttr("base_values_as_tensor")?.As<double>() ?? [];
        _post = PostTransform.Parse(node);
        var classIds = node.Ints("class_ids") ?? [];
        _binarySingleScore = _labels.Count == 2 && classIds.All(c => c == 0) && _base.Length <= 1;
        if (!_binarySingleScore && _base.Length != 0 && _base.Length != _labels.Count)
            throw node.Error($"base_values has {_base.Length} values for {_labels.Count} classes");
        if (_binarySingleScore && _post is not (PostTransformKind.None or PostTransformKind.Logistic))
            throw node.Unsupported($"a binary single-score ensemble with post_transform {_post}");
    }

    public override bool AcceptsMissingValues => true;

    public override void Run(KernelContext ctx)
    {
        var x = new FeatureRows(ctx, ctx.In(0));
        _trees.CheckFeatures(ctx, x);
        var classes = _labels.Count;
        var label = _labels.Allocate(ctx, x.Rows);
        var z = ctx.Alloc(TensorType.Float32, [x.Rows, classes]);
        var probabilities = z.As<float>();
        Span<double> scores = classes <= 64 ? stackalloc double[classes] : new double[classes];
        Span<bool> touched = classes <= 64 ? stackalloc bool[classes] : new bool[classes];
        Span<double> row = x.Features <= 512 ? stackalloc double[x.Features] : new double[x.Features];
        for (var r = 0; r < x.Rows; r++)
        {
            scores.Clear();
            touched.Clear();
            x.Row(r, row);
            _trees.Accumulate(row, scores, TreeEnsemble.Aggregation.Sum, touched);
            if (_binarySingleScore)
            {
                var s = scores[0] + (_base.Length == 1 ? _base[0] : 0);
                if (_post == PostTransformKind.Logistic) { scores[0] = PostTransform.Sigmoid(-s); scores[1] = PostTransform.Sigmoid(s); }
                else { scores[0] = 1 - s; scores[1] = s; }
            }
            else
            {
                for (var c = 0; c < _base.Length; c++) scores[c] += _base[c];
                PostTransform.Apply(_post, scores);
            }
            _labels.Write(label, r, PostTransform.ArgMax(scores));
            for (var c = 0; c < classes; c++) probabilities[r * classes + c] = (float)scores[c];
        }
        ctx.SetOutput(0, label);
        ctx.SetOutput(1, z);
    }
}
