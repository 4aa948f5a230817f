using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation;

/// <summary>
/// An expectation checked value by value. It passes when the share of checked values that meet it is at
/// least <see cref="Mostly"/> (1 by default: every value). Missing values are skipped unless the
/// expectation is about missing values.
/// </summary>
public abstract class RowExpectation : Expectation
{
    /// <summary>The share of values that must meet the expectation, in [0, 1].</summary>
    public double Mostly { get; init; } = 1.0;

    /// <summary>Whether missing values are checked (and passed to <see cref="IsExpected"/>).</summary>
    protected virtual bool ChecksMissing => false;

    /// <summary>Called once before the rows are checked; returns an error when the column cannot be checked.</summary>
    protected virtual string? Prepare(Column column) => null;

    protected abstract bool IsExpected(Column column, int row);

    /// <summary>Describes the rule in one phrase, e.g. "values between 0 and 10".</summary>
    protected abstract string Describe();

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        if (!TryGetColumn(data, out var column, out var missing)) return missing!;
        var error = Prepare(column);
        if (error is not null) return Unevaluable(error);
        long checkedCount = 0, unexpected = 0;
        var examples = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < column.Length; row++)
        {
            if (!ChecksMissing && column.IsNull(row)) continue;
            checkedCount++;
            if (IsExpected(column, row)) continue;
            unexpected++;
            if (examples.Count < options.MaxExamples)
            {
                var text = ColumnValues.Text(column, row) ?? $"<missing at row {row + 1}>";
                if (seen.Add(text)) examples.Add(text);
            }
        }
        var percent = checkedCount == 0 ? 0 : 100.0 * unexpected / checkedCount;
        var success = checkedCount == 0 || (checkedCount - unexpected) >= Mostly * checkedCount - 1e-9;
        var mostly = Mostly < 1 ? $" (mostly {Mostly.ToString("0.###", CultureInfo.InvariantCulture)})" : "";
        var message = checkedCount == 0
            ? $"{Describe()}{mostly}: no values to check"
            : $"{Describe()}{mostly}: {unexpected} of {checkedCount} values unexpected ({percent.ToString("0.##", CultureInfo.InvariantCulture)}%)";
        return Result(success, message) with
        {
            ElementCount = checkedCount,
            UnexpectedCount = unexpected,
            UnexpectedPercent = percent,
            UnexpectedExamples = examples,
        };
    }
}
