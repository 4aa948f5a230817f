namespace Gyre.Tracking.Search;

/// <summary>What a filter key refers to.</summary>
public enum FilterEntity
{
    /// <summary>No prefix: the key names an attribute of the searched thing (e.g. <c>name</c>).</summary>
    Bare,
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}

/// <summary>The right-hand side of a comparison.</summary>
public sealed record FilterValue(string? Text, double? Number, IReadOnlyList<string>? List)
{
    public bool IsString => Text is not null && Number is null;
    public bool IsNumber => Number is not null;
    public bool IsList => List is not null;
    public bool IsNull => Text is null && Number is null && List is null;

    public override string ToString() =>
        IsList ? $"({string.Join(", ", List!.Select(v => $"'{v}'"))})" : IsNull ? "NULL" : IsNumber ? Text! : $"'{Text}'";
}

/// <summary>One <c>entity.key comparator value</c> comparison; comparators upper case (=, !=, LIKE, NOT IN, IS NOT NULL...).</summary>
public sealed record FilterClause(FilterEntity Entity, string Key, string Comparator, FilterValue Value);

/// <summary>One order_by term.</summary>
public sealed record OrderByClause(FilterEntity Entity, string Key, bool Ascending);
