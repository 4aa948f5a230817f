namespace Gyre.Monitoring.Drift;

/// <summary>
/// The comparison of one column. When <see cref="Status"/> is NotEvaluated, <see cref="Drift"/>,
/// <see cref="Statistic"/> and <see cref="PValue"/> are null and <see cref="Message"/> says why - a NaN is
/// never presented as a verdict.
/// </summary>
public sealed record ColumnDriftResult
{
    public required string Column { get; init; }
    public ColumnRole Role { get; init; }
    public required ColumnDriftStatus Status { get; init; }
    public DriftColumnType? Type { get; init; }
    /// <summary>The method's report name (e.g. <c>ks_2samp</c>), null when none applied.</summary>
    public string? Method { get; init; }
    public DriftMethodKind? MethodKind { get; init; }
    public double? Statistic { get; init; }
    public double? PValue { get; init; }
    public double? Threshold { get; init; }
    /// <summary>"p_value &lt; 0.05" or "statistic &gt; 0.1".</summary>
    public string? DriftRule { get; init; }
    public bool? Drift { get; init; }
    public required string Message { get; init; }
    public int ReferenceCount { get; init; }
    public int CurrentCount { get; init; }
    public int ReferenceMissing { get; init; }
    public int CurrentMissing { get; init; }
    /// <summary>Current categories the reference never had (categorical columns).</summary>
    public IReadOnlyList<string> NewCategories { get; init; } = [];
    public DriftDistribution? Distribution { get; init; }
    /// <summary>Results of <see cref="DriftOptions.AdditionalMethods"/> (for information; they do not change the verdict).</summary>
    public IReadOnlyList<MethodResult> OtherMethods { get; init; } = [];
}
