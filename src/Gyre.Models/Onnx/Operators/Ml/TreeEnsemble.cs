using Gyre.Models.Onnx.Runtime;

namespace Gyre.Models.Onnx.Operators.Ml;

/// <summary>
/// The trees of a TreeEnsembleClassifier/Regressor flattened into parallel arrays: one global index per
/// node, children as global indices, leaves pointing into a flat (target, weight) list. Evaluation walks
/// these arrays with no allocation.
/// </summary>
public sealed class TreeEnsemble
{
    private const byte Leaf = 0, Leq = 1, Lt = 2, Gte = 3, Gt = 4, Eq = 5, Neq = 6;

    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly byte[] _mode;
    private readonly int[] _trueChild;
    private readonly int[] _falseChild;
    private readonly bool[] _missingTrue;
    private readonly int[] _leafStart; // per node: offset into _leafTarget/_leafWeight
    private readonly int[] _leafCount;
    private readonly int[] _leafTarget;
    private readonly double[] _leafWeight;
    private readonly bool _allLeq;

    /// <param name="prefix">"target" (regressor) or "class" (classifier): the leaf attribute prefix.</param>
    public TreeEnsemble(OnnxNode node, string prefix, int targetCount)
    {
        var treeIds = node.Ints("nodes_treeids") ?? throw node.Error("attribute nodes_treeids is missing");
        var nodeIds = node.Ints("nodes_nodeids") ?? throw node.Error("attribute nodes_nodeids is missing");
        var featureIds = node.Ints("nodes_featureids") ?? throw node.Error("attribute nodes_featureids is missing");
        var values = (node.Floats("nodes_values") ?? node.TensorAttr("nodes_values_as_tensor")?.As<double>().Select(v => (float)v).ToArray())
            ?? throw node.Error("attribute nodes_values is missing");
        var valuesAsDouble = node.TensorAttr("nodes_values_as_tensor")?.As<double>();
        var modes = node.Strings("nodes_modes") ?? throw node.Error("attribute nodes_modes is missing");
        var trueIds = node.Ints("nodes_truenodeids") ?? throw node.Error("attribute nodes_truenodeids is missing");
        var falseIds = node.Ints("nodes_falsenodeids") ?? throw node.Error("attribute nodes_falsenodeids is missing");
        var missing = node.Ints("nodes_missing_value_tracks_true");
        var n = treeIds.Length;
        if (nodeIds.Length != n || featureIds.Length != n || values.Length != n || modes.Length != n || trueIds.Length != n || falseIds.Length != n
            || (missing is { Length: > 0 } && missing.Length != n))
            throw node.Error("the nodes_* attributes have different lengths");

        var index = new Dictionary<(long Tree, long Node), int>(n);
        for (var i = 0; i < n; i++)
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i)) throw node.Error($"tree {treeIds[i]} has node id {nodeIds[i]} twice");

        _feature = new int[n];
        _threshold = new double[n];
        _mode = new byte[n];
        _trueChild = new int[n];
        _falseChild = new int[n];
        _missingTrue = new bool[n];
        _allLeq = true;
        for (var i = 0; i < n; i++)
        {
            _mode[i] = modes[i] switch
            {
                "LEAF" => Leaf, "BRANCH_LEQ" => Leq, "BRANCH_LT" => Lt, "BRANCH_GTE" => Gte,
                "BRANCH_GT" => Gt, "BRANCH_EQ" => Eq, "BRANCH_NEQ" => Neq,
                _ => throw node.Error($"node mode '{modes[i]}' is unknown"),
            };
            if (_mode[i] != Leaf && _mode[i] != Leq) _allLeq = false;
            _feature[i] = checked((int)featureIds[i]);
            _threshold[i] = valuesAsDouble is not null ? valuesAsDouble[i] : values[i];
            _missingTrue[i] = missing is { Length: > 0 } && missing[i] != 0;
            if (_mode[i] == Leaf) continue;
            _trueChild[i] = index.TryGetValue((treeIds[i], trueIds[i]), out var t) ? t
                : throw node.Error($"tree {treeIds[i]} node {nodeIds[i]}: true child {trueIds[i]} does not exist");
            _falseChild[i] = index.TryGetValue((treeIds[i], falseIds[i]), out var f) ? f
                : throw node.Error($"tree {treeIds[i]} node {nodeIds[i]}: false child {falseIds[i]} does not exist");
        }

        // Root = the node of each tree that is nobody's child (normally node id 0).
        var isChild = new bool[n];
        for (var i = 0; i < n; i++) if (_mode[i] != Leaf) { isChild[_trueChild[i]] = true; isChild[_falseChild[i]] = true; }
        var roots = new SortedDictionary<long, int>();
        for (var i = 0; i < n; i++)
            if (!isChild[i] && !roots.TryAdd(treeIds[i], i)) throw node.Error($"tree {treeIds[i]} has more than one root");
        _roots = roots.Values.ToArray();
        if (_roots.Length == 0 && n > 0) throw node.Error("the trees have no root (cycle)");

        var lTree = node.Ints($"{prefix}_treeids") ?? throw node.Error($"attribute {prefix}_treeids is missing");
        var lNode = node.Ints($"{prefix}_nodeids") ?? throw node.Error($"attribute {prefix}_nodeids is missing");
        var lTarget = node.Ints($"{prefix}_ids") ?? throw node.Error($"attribute {prefix}_ids is missing");
        var lWeight = node.Floats($"{prefix}_weights")?.Select(w => (double)w).ToArray()
            ?? node.TensorAttr($"{prefix}_weights_as_tensor")?.As<double>()
            ?? throw node.Error($"attribute {prefix}_weights is missing");
        if (lNode.Length != lTree.Length || lTarget.Length != lTree.Length || lWeight.Length != lTree.Length)
            throw node.Error($"the {prefix}_* attributes have different lengths");

        var perNode = new List<(int Target, double Weight)>?[n];
        for (var i = 0; i < lTree.Length; i++)
        {
            if (!index.TryGetValue((lTree[i], lNode[i]), out var at))
                throw node.Error($"{prefix} weight {i} refers to tree {lTree[i]} node {lNode[i]}, which does not exist");
            if (lTarget[i] < 0 || lTarget[i] >= targetCount)
                throw node.Error($"{prefix}_ids value {lTarget[i]} is outside 0..{targetCount - 1}");
            (perNode[at] ??= []).Add(((int)lTarget[i], lWeight[i]));
        }
        _leafStart = new int[n];
        _leafCount = new int[n];
        var targets = new List<int>();
        var weights = new List<double>();
        for (var i = 0; i < n; i++)
        {
            _leafStart[i] = targets.Count;
            if (perNode[i] is null) continue;
            _leafCount[i] = perNode[i]!.Count;
            foreach (var (t, w) in perNode[i]!) { targets.Add(t); weights.Add(w); }
        }
        _leafTarget = targets.ToArray();
        _leafWeight = weights.ToArray();
        MaxFeature = n == 0 ? -1 : _feature.Where((_, i) => _mode[i] != Leaf).DefaultIfEmpty(-1).Max();
    }

    public int TreeCount => _roots.Length;

    /// <summary>The largest feature index any split reads (inputs need more columns than this).</summary>
    public int MaxFeature { get; }

    /// <summary>Which leaf of tree <paramref name="tree"/> the row reaches.</summary>
    public int LeafOf(int tree, ReadOnlySpan<double> row)
    {
        var i = _roots[tree];
        if (_allLeq)
        {
            while (_mode[i] != Leaf)
            {
                var v = row[_feature[i]];
                i = v <= _threshold[i] || (double.IsNaN(v) && _missingTrue[i]) ? _trueChild[i] : _falseChild[i];
            }
            return i;
        }
        while (_mode[i] != Leaf)
        {
            var v = row[_feature[i]];
            bool go;
            if (double.IsNaN(v)) go = _missingTrue[i];
            else
            {
                var t = _threshold[i];
                go = _mode[i] switch
                {
                    Leq => v <= t, Lt => v < t, Gte => v >= t, Gt => v > t, Eq => v == t, _ => v != t,
                };
            }
            i = go ? _trueChild[i] : _falseChild[i];
        }
        return i;
    }

    /// <summary>Adds the leaf weights of one row (widened to double, see <see cref="FeatureRows.Row"/>) into <paramref name="scores"/> with the given aggregation.</summary>
    public void Accumulate(ReadOnlySpan<double> row, Span<double> scores, Aggregation aggregation, Span<bool> touched)
    {
        for (var tree = 0; tree < _roots.Length; tree++)
        {
            var leaf = LeafOf(tree, row);
            var end = _leafStart[leaf] + _leafCount[leaf];
            for (var k = _leafStart[leaf]; k < end; k++)
            {
                var t = _leafTarget[k];
                var w = _leafWeight[k];
                switch (aggregation)
                {
                    case Aggregation.Min: scores[t] = touched[t] ? System.Math.Min(scores[t], w) : w; touched[t] = true; break;
                    case Aggregation.Max: scores[t] = touched[t] ? System.Math.Max(scores[t], w) : w; touched[t] = true; break;
                    default: scores[t] += w; touched[t] = true; break;
                }
            }
        }
    }

    /// <summary>Fails with a message naming the column count when the input is too narrow for the splits.</summary>
    public void CheckFeatures(KernelContext ctx, in FeatureRows x)
    {
        if (MaxFeature >= x.Features)
            throw ctx.Node.Error($"the trees split on feature {MaxFeature} but the input has only {x.Features} columns");
    }

    public enum Aggregation { Sum, Average, Min, Max }

    public static Aggregation ParseAggregation(OnnxNode node) => node.String("aggregate_function", "SUM") switch
    {
        "SUM" => Aggregation.Sum,
        "AVERAGE" => Aggregation.Average,
        "MIN" => Aggregation.Min,
        "MAX" => Aggregation.Max,
        var other => throw node.Unsupported($"aggregate_function '{other}'"),
    };
}
