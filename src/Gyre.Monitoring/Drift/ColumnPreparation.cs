using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Drift;

/// <summary>Turns a DataFrame column into a <see cref="PreparedColumn"/> of a given type.</summary>
internal static class ColumnPreparation
{
    /// <summary>
    /// Numbers are compared as numbers unless they take at most <paramref name="categoricalMaxUnique"/>
    /// distinct values (0/1 flags); text and booleans are categories.
    /// </summary>
    public static DriftColumnType InferType(Column column, int categoricalMaxUnique)
    {
        if (column is not DoubleColumn numbers) return DriftColumnType.Categorical;
        var distinct = new HashSet<double>();
        foreach (var v in numbers.Values)
        {
            if (!double.IsFinite(v)) continue;
            if (distinct.Add(v) && distinct.Count > categoricalMaxUnique) return DriftColumnType.Numeric;
        }
        return distinct.Count == 0 ? DriftColumnType.Numeric : DriftColumnType.Categorical;
    }

    public static PreparedColumn Prepare(Column column, DriftColumnType type, string side) =>
        type == DriftColumnType.Numeric ? PrepareNumeric(column, side) : PrepareCategorical(column);

    private static PreparedColumn PrepareNumeric(Column column, string side)
    {
        switch (column)
        {
            case DoubleColumn d:
                return new PreparedColumn { Name = column.Name, Type = DriftColumnType.Numeric, Numeric = NumericSample.From(d.Values) };
            case BoolColumn b:
                var flags = b.Values.Select(v => v is { } x ? (x ? 1.0 : 0.0) : double.NaN).ToArray();
                return new PreparedColumn { Name = column.Name, Type = DriftColumnType.Numeric, Numeric = NumericSample.From(flags) };
            default:
                // Text where numbers are expected: parse what we can, and refuse a verdict if anything is not a number.
                var values = new double[column.Length];
                var bad = 0;
                string? firstBad = null;
                var firstBadRow = -1;
                for (var i = 0; i < column.Length; i++)
                {
                    var text = column.GetValue(i)?.ToString();
                    if (text is null) { values[i] = double.NaN; continue; }
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) { values[i] = v; continue; }
                    values[i] = double.NaN;
                    if (bad++ == 0) { firstBad = text; firstBadRow = i; }
                }
                var sample = NumericSample.From(values);
                return new PreparedColumn
                {
                    Name = column.Name,
                    Type = DriftColumnType.Numeric,
                    Numeric = sample,
                    Problem = bad == 0 ? null
                        : $"the {side} column holds text where numbers are expected ('{firstBad}' at data row {firstBadRow + 1}; {bad} non-numeric value(s))",
                };
        }
    }

    private static PreparedColumn PrepareCategorical(Column column)
    {
        var missing = 0;
        Dictionary<string, long> counts;
        switch (column)
        {
            case DoubleColumn d:
                // Count by value first, format each distinct value once.
                var byValue = new Dictionary<double, long>();
                foreach (var v in d.Values)
                {
                    if (double.IsNaN(v)) { missing++; continue; }
                    byValue[v] = byValue.GetValueOrDefault(v) + 1;
                }
                counts = byValue.ToDictionary(kv => kv.Key.ToString("R", CultureInfo.InvariantCulture), kv => kv.Value, StringComparer.Ordinal);
                break;
            case StringColumn s:
                // The CSV reader keeps one string instance per distinct value, so count by reference first
                // (a pointer hash instead of a string hash per row), then merge equal texts.
                var byInstance = new Dictionary<string, long>(ReferenceEqualityComparer.Instance);
                foreach (var v in s.Values)
                {
                    if (v is null) { missing++; continue; }
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byInstance, v, out _)++;
                }
                counts = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (text, count) in byInstance) counts[text] = counts.GetValueOrDefault(text) + count;
                break;
            default:
                counts = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var i = 0; i < column.Length; i++)
                {
                    var value = column.GetValue(i);
                    if (value is null) { missing++; continue; }
                    var text = value is bool flag ? (flag ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture)!;
                    counts[text] = counts.GetValueOrDefault(text) + 1;
                }
                break;
        }
        return new PreparedColumn { Name = column.Name, Type = DriftColumnType.Categorical, Categorical = new CategoricalSample(counts, missing) };
    }
}
