namespace Gyre.Learn.Trees;

/// <summary>
/// One regression tree in XGBoost's array form. Node 0 is the root; at a split, <c>x &lt; Threshold</c> goes
/// to <see cref="Left"/>, NaN goes left when <see cref="DefaultLeft"/>; leaves have children -1 and carry
/// <see cref="LeafValue"/> (learning rate applied). <see cref="Gain"/> and <see cref="Cover"/> (sum of
/// hessians) describe the training.
/// </summary>
public sealed class GbdtTree
{
    public required int Group { get; init; }
    public required int[] Left { get; init; }
    public required int[] Right { get; init; }
    public required int[] Feature { get; init; }
    public required float[] Threshold { get; init; }
    public required bool[] DefaultLeft { get; init; }
    public required float[] LeafValue { get; init; }
    public required float[] Gain { get; init; }
    public required float[] Cover { get; init; }
    /// <summary>Every node's optimal weight before the learning rate (XGBoost's base_weights).</summary>
    public required float[] BaseWeight { get; init; }
    /// <summary>The training bin threshold of each split ("bin &lt;= SplitBin" goes left).</summary>
    internal int[] SplitBin { get; init; } = [];

    public int NodeCount => Left.Length;

    public bool IsLeaf(int node) => Left[node] < 0;

    /// <summary>Leaf value reached by a binned row (training-time traversal).</summary>
    internal float Evaluate(ReadOnlySpan<byte> binnedRow)
    {
        int node = 0;
        while (Left[node] >= 0)
        {
            byte bin = binnedRow[Feature[node]];
            bool left = bin == FeatureBinning.MissingBin ? DefaultLeft[node] : bin <= SplitBin[node];
            node = left ? Left[node] : Right[node];
        }
        return LeafValue[node];
    }

    /// <summary>split_conditions as XGBoost stores them: the threshold at splits, the leaf value at leaves.</summary>
    public float[] SplitConditions()
    {
        var conditions = new float[NodeCount];
        for (int i = 0; i < conditions.Length; i++) conditions[i] = IsLeaf(i) ? LeafValue[i] : Threshold[i];
        return conditions;
    }
}
