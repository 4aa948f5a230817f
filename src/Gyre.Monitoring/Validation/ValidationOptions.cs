namespace Gyre.Monitoring.Validation;

/// <summary>How results are reported.</summary>
public sealed record ValidationOptions
{
    /// <summary>At most this many distinct unexpected values are listed per expectation.</summary>
    public int MaxExamples { get; init; } = 20;
}
