using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// An additive ensemble of binary decision trees in XGBoost's convention (<c>x &lt; threshold</c> goes left,
/// NaN follows the node's default direction), flattened into one array for fast scoring. Used by the
/// XGBoost scorer and by Gyre's own gradient-boosted trees.
/// </summary>
public sealed class TreeEnsemble
{
    // Rows scored together through one tree: independent dependency chains let the CPU overlap the loads.
    private const int Block = 64;

    private readonly TreeNode[] _nodes;
    private readonly float[] _leafValues;
    private readonly int[] _originalIds;
    private readonly int[] _roots;
    private readonly int[] _depths;
    private readonly int[] _groups;
    private readonly float[] _baseMargins;

    internal TreeEnsemble(TreeNode[] nodes, float[] leafValues, int[] originalIds, int[] roots, int[] depths,
        int[] groups, float[] baseMargins, int featureCount)
    {
        _nodes = nodes;
        _leafValues = leafValues;
        _originalIds = originalIds;
        _roots = roots;
        _depths = depths;
        _groups = groups;
        _baseMargins = baseMargins;
        FeatureCount = featureCount;
    }

    /// <summary>Number of input features a row must have at least.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of output groups (classes for multiclass models, otherwise 1).</summary>
    public int GroupCount => _baseMargins.Length;

    public int TreeCount => _roots.Length;

    public int NodeCount => _nodes.Length;

    /// <summary>The margin every row starts from, per group.</summary>
    public ReadOnlySpan<float> BaseMargins => _baseMargins;

    /// <summary>The output group each tree adds to.</summary>
    public ReadOnlySpan<int> TreeGroups => _groups;

    /// <summary>
    /// Raw margins for <paramref name="rowCount"/> rows stored row-major in <paramref name="rows"/>
    /// (<paramref name="stride"/> floats per row), written row-major into <paramref name="margins"/>
    /// (<see cref="GroupCount"/> per row). Accumulates in float32 in tree order, as XGBoost does.
    /// </summary>
    public void PredictMargins(ReadOnlySpan<float> rows, int rowCount, int stride, Span<float> margins)
    {
        CheckShapes(rows, rowCount, stride, margins.Length, GroupCount);
        int groups = GroupCount;
        for (int r = 0; r < rowCount; r++)
            _baseMargins.AsSpan().CopyTo(margins.Slice(r * groups, groups));
        if (rowCount == 0 || _roots.Length == 0) return;

        int block = Math.Min(Block, rowCount);
        var columns = ArrayPool<float>.Shared.Rent(block * FeatureCount);
        try
        {
            Span<int> positions = stackalloc int[Block];
            ref TreeNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
            ref float leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
            ref float m = ref MemoryMarshal.GetReference(margins);
            for (int start = 0; start < rowCount; start += Block)
            {
                int count = Math.Min(Block, rowCount - start);
                bool hasMissing = Transpose(rows, start, count, stride, columns);
                ref float x = ref MemoryMarshal.GetArrayDataReference(columns);
                for (int t = 0; t < _roots.Length; t++)
                {
                    Walk(ref nodes, ref x, count, _roots[t], _depths[t], hasMissing, positions);
                    ref float target = ref Unsafe.Add(ref m, start * groups + _groups[t]);
                    for (int i = 0; i < count; i++)
                        Unsafe.Add(ref target, i * groups) += Unsafe.Add(ref leaves, positions[i]);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>
    /// The leaf reached in every tree, as the node id of the source tree (XGBoost's <c>pred_leaf</c>),
    /// written row-major into <paramref name="leafIds"/> (<see cref="TreeCount"/> per row).
    /// </summary>
    public void PredictLeafIds(ReadOnlySpan<float> rows, int rowCount, int stride, Span<int> leafIds)
    {
        CheckShapes(rows, rowCount, stride, leafIds.Length, TreeCount);
        if (rowCount == 0 || _roots.Length == 0) return;
        var columns = ArrayPool<float>.Shared.Rent(Math.Min(Block, rowCount) * FeatureCount);
        try
        {
            Span<int> positions = stackalloc int[Block];
            ref TreeNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
            int trees = TreeCount;
            for (int start = 0; start < rowCount; start += Block)
            {
                int count = Math.Min(Block, rowCount - start);
                bool hasMissing = Transpose(rows, start, count, stride, columns);
                ref float x = ref MemoryMarshal.GetArrayDataReference(columns);
                for (int t = 0; t < trees; t++)
                {
                    Walk(ref nodes, ref x, count, _roots[t], _depths[t], hasMissing, positions);
                    for (int i = 0; i < count; i++) leafIds[(start + i) * trees + t] = _originalIds[positions[i]];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>Copies a block of rows feature-major (feature f of row i at f * count + i); returns whether any is NaN.</summary>
    private bool Transpose(ReadOnlySpan<float> rows, int start, int count, int stride, float[] columns)
    {
        int features = FeatureCount;
        bool missing = false;
        for (int i = 0; i < count; i++)
        {
            var row = rows.Slice((start + i) * stride, features);
            for (int f = 0; f < features; f++)
            {
                float v = row[f];
                missing |= float.IsNaN(v);
                columns[f * count + i] = v;
            }
        }
        return missing;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walk(ref TreeNode nodes, ref float x, int count, int root, int depth, bool hasMissing, Span<int> positions)
    {
        ref int pos = ref MemoryMarshal.GetReference(positions);
        for (int i = 0; i < count; i++) Unsafe.Add(ref pos, i) = root;
        if (hasMissing)
        {
            for (int level = 0; level < depth; level++)
                for (int i = 0; i < count; i++)
                {
                    ref int p = ref Unsafe.Add(ref pos, i);
                    ref TreeNode node = ref Unsafe.Add(ref nodes, p);
                    float value = Unsafe.Add(ref x, node.Feature * count + i);
                    // Left when value < threshold, or when value is NaN and missing values default left.
                    int goLeft = (value < node.Threshold ? 1 : 0) | ((float.IsNaN(value) ? 1 : 0) & node.DefaultLeft);
                    p = node.Left + 1 - goLeft;
                }
            return;
        }
        for (int level = 0; level < depth; level++)
            for (int i = 0; i < count; i++)
            {
                ref int p = ref Unsafe.Add(ref pos, i);
                ref TreeNode node = ref Unsafe.Add(ref nodes, p);
                p = node.Left + (Unsafe.Add(ref x, node.Feature * count + i) < node.Threshold ? 0 : 1);
            }
    }

    private void CheckShapes(ReadOnlySpan<float> rows, int rowCount, int stride, int outputLength, int perRow)
    {
        if (rowCount < 0) throw GyreException.InvalidParameter($"Row count must not be negative, got {rowCount}.");
        if (stride < FeatureCount)
            throw GyreException.InvalidParameter($"The model needs {FeatureCount} features per row, got {stride}.");
        if ((long)rowCount * stride > rows.Length)
            throw GyreException.InvalidParameter(
                $"Expected {rowCount} rows of {stride} features ({(long)rowCount * stride} values), got {rows.Length} values.");
        if ((long)rowCount * perRow > outputLength)
            throw GyreException.InvalidParameter(
                $"The output buffer holds {outputLength} values, {(long)rowCount * perRow} are needed.");
    }
}
