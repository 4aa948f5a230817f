namespace Gyre.Monitoring.Validation;

/// <summary>
/// The outcome of one expectation. Row-level expectations fill the counts and examples; aggregate ones
/// (mean between, row count, ...) fill <see cref="ObservedValue"/>. <see cref="Error"/> is set when the
/// expectation could not be evaluated (a missing column, a text column where numbers are needed) -
/// such a result is never a success.
/// </summary>
public sealed record ExpectationResult
{
    public required string Expectation { get; init; }
    public string? Column { get; init; }
    public required bool Success { get; init; }
    /// <summary>A one-line human description of what was checked and what was found.</summary>
    public required string Message { get; init; }
    /// <summary>Line of the expectation in the suite file (1-based; 0 when built in code).</summary>
    public int Line { get; init; }
    /// <summary>How many values were checked (non-missing values for most row-level expectations).</summary>
    public long? ElementCount { get; init; }
    public long? UnexpectedCount { get; init; }
    /// <summary>UnexpectedCount / ElementCount x 100.</summary>
    public double? UnexpectedPercent { get; init; }
    /// <summary>Up to N distinct offending values, as text.</summary>
    public IReadOnlyList<string> UnexpectedExamples { get; init; } = [];
    /// <summary>The aggregate that was compared (mean, row count, null rate, ...), when there is one.</summary>
    public double? ObservedValue { get; init; }
    public string? Error { get; init; }
}
