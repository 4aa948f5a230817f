namespace Gyre.Core.Data;

/// <summary>The type of a column's values.</summary>
public enum ColumnKind
{
    Double,
    String,
    Bool,
}
