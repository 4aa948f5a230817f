namespace Gyre.Monitoring.Drift;

/// <summary>One side of one column, ready for every method: sorted numbers or category counts, or the reason it cannot be used.</summary>
public sealed class PreparedColumn
{
    public required string Name { get; init; }
    public required DriftColumnType Type { get; init; }
    public NumericSample? Numeric { get; init; }
    public CategoricalSample? Categorical { get; init; }
    /// <summary>Why this side cannot be compared (e.g. text in a numeric column); null when it can.</summary>
    public string? Problem { get; init; }
    public int Count => Numeric?.Count ?? (int)(Categorical?.Total ?? 0);
    public int Missing => Numeric?.Missing ?? Categorical?.Missing ?? 0;
}
