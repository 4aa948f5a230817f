using Gyre.Core.Errors;

namespace Gyre.Learn.Data;

/// <summary>
/// Training or evaluation data: float32 features stored row-major (NaN = missing) and one label per row
/// (class index 0..K-1 for classification, the value for regression).
/// </summary>
public sealed class Dataset
{
    public Dataset(float[] features, int rowCount, int featureCount, float[] labels, IReadOnlyList<string>? featureNames = null)
    {
        if (rowCount < 0 || featureCount <= 0)
            throw GyreException.InvalidParameter($"A dataset needs at least one feature, got {featureCount}.");
        if ((long)rowCount * featureCount != features.Length)
            throw GyreException.InvalidParameter($"Expected {rowCount} x {featureCount} feature values, got {features.Length}.");
        if (labels.Length != rowCount)
            throw GyreException.InvalidParameter($"Expected {rowCount} labels, got {labels.Length}.");
        if (featureNames is not null && featureNames.Count != featureCount)
            throw GyreException.InvalidParameter($"Expected {featureCount} feature names, got {featureNames.Count}.");
        Features = features;
        RowCount = rowCount;
        FeatureCount = featureCount;
        Labels = labels;
        FeatureNames = featureNames ?? Enumerable.Range(0, featureCount).Select(i => $"f{i}").ToArray();
    }

    public float[] Features { get; }
    public int RowCount { get; }
    public int FeatureCount { get; }
    public float[] Labels { get; }
    public IReadOnlyList<string> FeatureNames { get; }

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(IReadOnlyList<int> indices)
    {
        var features = new float[indices.Count * FeatureCount];
        var labels = new float[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Row(indices[i]).CopyTo(features.AsSpan(i * FeatureCount));
            labels[i] = Labels[indices[i]];
        }
        return new Dataset(features, indices.Count, FeatureCount, labels, FeatureNames);
    }

    /// <summary>Number of classes in a classification label column (labels must be 0..K-1).</summary>
    public int CountClasses()
    {
        int max = -1;
        foreach (var label in Labels)
        {
            if (float.IsNaN(label) || label < 0 || label != MathF.Floor(label) || label > 1_000_000)
                throw GyreException.InvalidParameter($"Class labels must be integers 0..K-1, found {label}.");
            max = Math.Max(max, (int)label);
        }
        return Math.Max(max + 1, 2);
    }

    /// <summary>Rejects a label column with missing values: a model cannot learn from an unknown target.</summary>
    public void RequireLabels()
    {
        for (int i = 0; i < Labels.Length; i++)
            if (!float.IsFinite(Labels[i]))
                throw GyreException.InvalidParameter($"The target is missing or not finite in row {i}.");
    }
}
