namespace Gyre.Core.Data;

/// <summary>A boolean column; null marks a missing value.</summary>
public sealed class BoolColumn(string name, bool?[] values) : Column(name)
{
    private int _nullCount = -1;

    public bool?[] Values { get; } = values;

    public override int Length => Values.Length;

    public override ColumnKind Kind => ColumnKind.Bool;

    public override int NullCount => _nullCount >= 0 ? _nullCount : _nullCount = Values.Count(v => v is null);

    public override bool IsNull(int row) => Values[row] is null;

    /// <summary>The value at <paramref name="row"/>; throws when it is missing.</summary>
    public bool Value(int row) => Values[row] ?? throw new InvalidOperationException($"Column '{Name}' row {row} is missing.");

    public override object? GetValue(int row) => Values[row];

    public override Column Rename(string newName) => new BoolColumn(newName, Values);

    public override Column Take(ReadOnlySpan<int> rows)
    {
        var taken = new bool?[rows.Length];
        for (var i = 0; i < rows.Length; i++) taken[i] = Values[rows[i]];
        return new BoolColumn(Name, taken);
    }
}
