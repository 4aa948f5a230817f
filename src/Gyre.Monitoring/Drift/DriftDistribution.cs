namespace Gyre.Monitoring.Drift;

/// <summary>
/// What the two sides look like, for charts and JSON: numeric columns as shares of values per bin over
/// common edges, categorical columns as shares per category.
/// </summary>
public sealed record DriftDistribution
{
    /// <summary>Bin edges (numeric columns only; bins.Length + 1 values).</summary>
    public IReadOnlyList<double>? Edges { get; init; }
    /// <summary>Category names (categorical columns only).</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    public required IReadOnlyList<double> Reference { get; init; }
    public required IReadOnlyList<double> Current { get; init; }
}
