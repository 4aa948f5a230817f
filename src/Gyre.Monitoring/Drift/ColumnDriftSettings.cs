namespace Gyre.Monitoring.Drift;

/// <summary>Per-column overrides: a method other than the automatic choice, a threshold, a type.</summary>
public sealed record ColumnDriftSettings
{
    public DriftMethod? Method { get; init; }
    public double? Threshold { get; init; }
    /// <summary>Compare as numbers or as categories regardless of what the data looks like.</summary>
    public DriftColumnType? Type { get; init; }
}
