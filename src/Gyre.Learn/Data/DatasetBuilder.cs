using Gyre.Core.Data;
using Gyre.Core.Errors;

namespace Gyre.Learn.Data;

/// <summary>Turns a <see cref="DataFrame"/> into a <see cref="Dataset"/>: numeric and boolean feature columns, one target.</summary>
public static class DatasetBuilder
{
    /// <summary>
    /// Features are every column but <paramref name="target"/> (or exactly <paramref name="featureNames"/>).
    /// Boolean columns become 0/1; string feature columns are rejected (encode them first). A string
    /// target is mapped to class indices in sorted order of its values (returned as <c>ClassLabels</c>).
    /// </summary>
    public static (Dataset Data, IReadOnlyList<string>? ClassLabels) FromFrame(DataFrame frame, string target,
        IReadOnlyList<string>? featureNames = null, IReadOnlyList<string>? classLabels = null)
    {
        if (!frame.TryGetColumn(target, out var targetColumn))
            throw GyreException.InvalidParameter($"The target column '{target}' is not in the data (columns: {string.Join(", ", frame.ColumnNames)}).");
        var (labels, labelNames) = Labels(targetColumn, classLabels);
        var features = FeatureMatrix(frame, featureNames ?? frame.ColumnNames.Where(n => n != target).ToArray());
        return (new Dataset(features.Values, frame.RowCount, features.Names.Count, labels, features.Names), labelNames);
    }

    /// <summary>Row-major float32 features for scoring (no target needed).</summary>
    public static (float[] Values, IReadOnlyList<string> Names) FeatureMatrix(DataFrame frame, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw GyreException.InvalidParameter("The data has no feature columns.");
        int rows = frame.RowCount, width = names.Count;
        var values = new float[rows * width];
        for (int f = 0; f < width; f++)
        {
            if (!frame.TryGetColumn(names[f], out var column))
                throw GyreException.InvalidParameter($"The feature column '{names[f]}' is not in the data.");
            switch (column)
            {
                case DoubleColumn d:
                    for (int r = 0; r < rows; r++) values[r * width + f] = (float)d.Values[r];
                    break;
                case BoolColumn b:
                    for (int r = 0; r < rows; r++) values[r * width + f] = b.Values[r] is { } v ? (v ? 1f : 0f) : float.NaN;
                    break;
                default:
                    throw GyreException.InvalidParameter(
                        $"The feature column '{names[f]}' holds text; encode it as numbers (ordinal or one-hot) before training.");
            }
        }
        return (values, names.ToArray());
    }

    private static (float[] Labels, IReadOnlyList<string>? Names) Labels(Column column, IReadOnlyList<string>? known)
    {
        int rows = column.Length;
        var labels = new float[rows];
        switch (column)
        {
            case DoubleColumn d:
                for (int r = 0; r < rows; r++) labels[r] = (float)d.Values[r];
                return (labels, null);
            case BoolColumn b:
                for (int r = 0; r < rows; r++) labels[r] = b.Values[r] is { } v ? (v ? 1f : 0f) : float.NaN;
                return (labels, ["false", "true"]);
            case StringColumn s:
            {
                var names = known ?? s.Values.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).ToArray()!;
                var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
                for (int r = 0; r < rows; r++)
                {
                    if (s.Values[r] is null) labels[r] = float.NaN;
                    else if (index.TryGetValue(s.Values[r]!, out var i)) labels[r] = i;
                    else throw GyreException.InvalidParameter($"Row {r}: the target value '{s.Values[r]}' was not seen in training.");
                }
                return (labels, names);
            }
            default:
                throw GyreException.InvalidParameter($"Unsupported target column '{column.Name}'.");
        }
    }
}
