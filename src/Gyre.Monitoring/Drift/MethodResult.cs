namespace Gyre.Monitoring.Drift;

/// <summary>One additional method's outcome on a column; <see cref="Error"/> says why it has no numbers.</summary>
public sealed record MethodResult
{
    public required string Method { get; init; }
    public double? Statistic { get; init; }
    public double? PValue { get; init; }
    public double? Threshold { get; init; }
    public bool? Drift { get; init; }
    public string? Error { get; init; }
}
