namespace Gyre.Core.Data;

/// <summary>A named, typed column of a <see cref="DataFrame"/>; missing values are first-class.</summary>
public abstract class Column(string name)
{
    public string Name { get; } = name;

    public abstract int Length { get; }

    public abstract ColumnKind Kind { get; }

    /// <summary>How many values are missing.</summary>
    public abstract int NullCount { get; }

    public abstract bool IsNull(int row);

    /// <summary>The value at <paramref name="row"/> as an object (null when missing), for display and reports.</summary>
    public abstract object? GetValue(int row);

    /// <summary>The same values under another name.</summary>
    public abstract Column Rename(string newName);

    /// <summary>A new column holding the rows at <paramref name="rows"/>, in that order.</summary>
    public abstract Column Take(ReadOnlySpan<int> rows);
}
