using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// Builds a <see cref="TreeEnsemble"/> from trees in XGBoost's array form: per node a left and a right child
/// (-1 at a leaf), a feature index, a split threshold (the leaf value at a leaf) and a default direction.
/// Validates the structure so that a corrupt file can never make scoring loop or read out of bounds.
/// </summary>
public sealed class TreeEnsembleBuilder(int featureCount, ReadOnlySpan<float> baseMargins)
{
    private readonly float[] _baseMargins = baseMargins.ToArray();
    private readonly List<TreeNode> _nodes = [];
    private readonly List<float> _leafValues = [];
    private readonly List<int> _originalIds = [];
    private readonly List<int> _roots = [];
    private readonly List<int> _depths = [];
    private readonly List<int> _groups = [];

    public int FeatureCount { get; } = featureCount;

    /// <summary>Adds one tree. <paramref name="leafScale"/> multiplies every leaf value (DART tree weights).</summary>
    public void AddTree(int group, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<int> feature,
        ReadOnlySpan<float> thresholdOrLeafValue, ReadOnlySpan<bool> defaultLeft, float leafScale = 1f)
    {
        int n = left.Length;
        int treeNumber = _roots.Count;
        if (n == 0) throw Invalid(treeNumber, "has no nodes");
        if (right.Length != n || feature.Length != n || thresholdOrLeafValue.Length != n || defaultLeft.Length != n)
            throw Invalid(treeNumber, "has node arrays of different lengths");
        if (group < 0 || group >= _baseMargins.Length)
            throw Invalid(treeNumber, $"belongs to output group {group}, but the model has {_baseMargins.Length}");

        // Breadth-first relabelling: the two children of a node get consecutive slots.
        int root = _nodes.Count;
        var slotOf = new int[n];
        var depthOf = new int[n];
        Array.Fill(slotOf, -1);
        var queue = new Queue<int>();
        queue.Enqueue(0);
        slotOf[0] = root;
        Reserve(1);
        int maxDepth = 0;
        while (queue.Count > 0)
        {
            int id = queue.Dequeue();
            int slot = slotOf[id];
            if (left[id] == -1 && right[id] == -1)
            {
                _nodes[slot] = new TreeNode { Threshold = float.PositiveInfinity, Feature = 0, Left = slot, DefaultLeft = 1 };
                _leafValues[slot] = thresholdOrLeafValue[id] * leafScale;
                _originalIds[slot] = id;
                continue;
            }
            int l = left[id], r = right[id];
            // A node reached twice would mean a cycle or a shared subtree: reject it.
            if (l < 0 || r < 0 || l >= n || r >= n || l == r || l == 0 || r == 0 || slotOf[l] != -1 || slotOf[r] != -1)
                throw Invalid(treeNumber, $"node {id} has invalid children ({l}, {r})");
            if (feature[id] < 0 || feature[id] >= FeatureCount)
                throw Invalid(treeNumber, $"node {id} splits on feature {feature[id]}, but the model has {FeatureCount} features");
            float threshold = thresholdOrLeafValue[id];
            if (float.IsNaN(threshold)) throw Invalid(treeNumber, $"node {id} has a NaN split threshold");
            int childSlot = _nodes.Count;
            Reserve(2);
            slotOf[l] = childSlot;
            slotOf[r] = childSlot + 1;
            depthOf[l] = depthOf[r] = depthOf[id] + 1;
            maxDepth = Math.Max(maxDepth, depthOf[l]);
            _nodes[slot] = new TreeNode { Threshold = threshold, Feature = feature[id], Left = childSlot, DefaultLeft = defaultLeft[id] ? 1 : 0 };
            _leafValues[slot] = 0f;
            _originalIds[slot] = id;
            queue.Enqueue(l);
            queue.Enqueue(r);
        }
        _roots.Add(root);
        _depths.Add(maxDepth);
        _groups.Add(group);
    }

    public TreeEnsemble Build() => new(
        [.. _nodes], [.. _leafValues], [.. _originalIds], [.. _roots], [.. _depths], [.. _groups], _baseMargins, FeatureCount);

    private void Reserve(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _nodes.Add(default);
            _leafValues.Add(0f);
            _originalIds.Add(-1);
        }
    }

    private static GyreException Invalid(int tree, string problem) =>
        GyreException.InvalidParameter($"Tree {tree} of the model {problem}.");
}
