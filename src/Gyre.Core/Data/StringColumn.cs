namespace Gyre.Core.Data;

/// <summary>A text (usually categorical) column; null marks a missing value.</summary>
public sealed class StringColumn(string name, string?[] values) : Column(name)
{
    private int _nullCount = -1;

    public string?[] Values { get; } = values;

    public override int Length => Values.Length;

    public override ColumnKind Kind => ColumnKind.String;

    public override int NullCount => _nullCount >= 0 ? _nullCount : _nullCount = Values.Count(v => v is null);

    public override bool IsNull(int row) => Values[row] is null;

    public override object? GetValue(int row) => Values[row];

    public override Column Rename(string newName) => new StringColumn(newName, Values);

    public override Column Take(ReadOnlySpan<int> rows)
    {
        var taken = new string?[rows.Length];
        for (var i = 0; i < rows.Length; i++) taken[i] = Values[rows[i]];
        return new StringColumn(Name, taken);
    }

    /// <summary>How often each non-missing value occurs, in order of first appearance.</summary>
    public IReadOnlyDictionary<string, int> ValueCounts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var v in Values)
        {
            if (v is null) continue;
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        return counts;
    }
}
