namespace Gyre.Monitoring.Drift;

/// <summary>Whether a verdict could be reached for a column.</summary>
public enum ColumnDriftStatus
{
    /// <summary>The method ran; <see cref="ColumnDriftResult.Drift"/> holds the verdict.</summary>
    Evaluated,
    /// <summary>No verdict (missing on one side, no values, wrong type, method not applicable); the message says why.</summary>
    NotEvaluated,
}
