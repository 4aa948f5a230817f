using Gyre.Core.Errors;

namespace Gyre.Core.Data;

/// <summary>An ordered set of uniquely named columns of equal length.</summary>
public sealed class DataFrame
{
    private readonly Dictionary<string, Column> _byName;

    public DataFrame(IEnumerable<Column> columns)
    {
        Columns = columns.ToArray();
        _byName = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            if (!_byName.TryAdd(column.Name, column))
                throw GyreException.InvalidParameter($"Duplicate column name '{column.Name}'.");
        }
        RowCount = Columns.Count == 0 ? 0 : Columns[0].Length;
        foreach (var column in Columns)
        {
            if (column.Length != RowCount)
                throw GyreException.InvalidParameter(
                    $"Column '{column.Name}' has {column.Length} rows but '{Columns[0].Name}' has {RowCount}.");
        }
    }

    public IReadOnlyList<Column> Columns { get; }

    public int RowCount { get; }

    public IEnumerable<string> ColumnNames => Columns.Select(c => c.Name);

    public Column this[string name] => _byName.TryGetValue(name, out var column)
        ? column
        : throw GyreException.InvalidParameter(
            $"No column named '{name}'. Columns: {string.Join(", ", ColumnNames)}.");

    public bool TryGetColumn(string name, out Column column) => _byName.TryGetValue(name, out column!);

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>A frame with only the named columns, in the given order.</summary>
    public DataFrame Select(IEnumerable<string> names) => new(names.Select(n => this[n]));

    /// <summary>A frame without the named columns.</summary>
    public DataFrame Drop(params string[] names)
    {
        var dropped = names.ToHashSet(StringComparer.Ordinal);
        return new DataFrame(Columns.Where(c => !dropped.Contains(c.Name)));
    }

    /// <summary>A frame with <paramref name="column"/> added, or replacing the column of the same name.</summary>
    public DataFrame With(Column column)
    {
        var columns = Columns.ToList();
        var index = columns.FindIndex(c => c.Name == column.Name);
        if (index >= 0) columns[index] = column; else columns.Add(column);
        return new DataFrame(columns);
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public DataFrame Take(ReadOnlySpan<int> rows)
    {
        var taken = new Column[Columns.Count];
        for (var i = 0; i < taken.Length; i++) taken[i] = Columns[i].Take(rows);
        return new DataFrame(taken);
    }

    /// <summary>Rows [start, start + count).</summary>
    public DataFrame Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > RowCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + count}) are outside 0..{RowCount}.");
        var rows = new int[count];
        for (var i = 0; i < count; i++) rows[i] = start + i;
        return Take(rows);
    }
}
