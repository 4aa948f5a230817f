namespace Gyre.Monitoring.Drift;

/// <summary>How a method's number becomes a verdict.</summary>
public enum DriftMethodKind
{
    /// <summary>A statistical test: drift when the p-value is below the threshold.</summary>
    PValue,
    /// <summary>A distance or divergence: drift when the statistic is above the threshold.</summary>
    Distance,
}
