namespace Gyre.Tracking.Search;

/// <summary>A column a filter or order_by may name, and whether it holds numbers.</summary>
internal sealed record SearchableColumn(string Sql, bool Numeric);
