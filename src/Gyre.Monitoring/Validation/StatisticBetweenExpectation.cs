using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation;

/// <summary>
/// An aggregate of a numeric column (mean, median, std, a quantile) must lie within [min, max].
/// Missing values are ignored; text that is not a number makes the expectation unevaluable (named in
/// the message) rather than silently skipped.
/// </summary>
public abstract class StatisticBetweenExpectation : Expectation
{
    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>How the statistic reads in messages, e.g. "mean".</summary>
    protected abstract string StatisticName { get; }

    /// <summary>The statistic of the non-missing values (at least one value).</summary>
    protected abstract double Compute(double[] values);

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        if (!TryGetColumn(data, out var column, out var missing)) return missing!;
        var values = ColumnValues.Numbers(column, out var nonNumeric);
        if (nonNumeric is { } bad)
            return Unevaluable($"column '{Column}' holds text that is not a number ('{bad.Text}' at data row {bad.Row + 1}), so its {StatisticName} cannot be computed");
        if (values.Length == 0)
            return Unevaluable($"column '{Column}' has no non-missing values, so its {StatisticName} is undefined");
        var finite = values.Count(double.IsFinite);
        if (finite != values.Length)
            return Unevaluable($"column '{Column}' holds {values.Length - finite} infinite value(s), so its {StatisticName} is not finite");
        var observed = Compute(values);
        if (!double.IsFinite(observed))
            return Unevaluable($"the {StatisticName} of column '{Column}' is not defined for {values.Length} value(s)");
        return Result(Bounds.Contains(observed, Min, Max), $"{StatisticName} {Bounds.Describe(Min, Max)}: found {Bounds.Format(observed)}")
            with { ObservedValue = observed, ElementCount = values.Length };
    }
}
