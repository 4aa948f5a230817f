using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>max_null_rate</c>: at most this share of the column's values is missing.</summary>
public sealed class MaxNullRateExpectation : Expectation
{
    public required double Max { get; init; }

    public override string Name => "max_null_rate";

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        if (!TryGetColumn(data, out var column, out var missing)) return missing!;
        var nulls = column.NullCount;
        var rate = column.Length == 0 ? 0 : (double)nulls / column.Length;
        return Result(rate <= Max + 1e-12,
                $"null rate <= {Max.ToString("0.####", CultureInfo.InvariantCulture)}: found {rate.ToString("0.####", CultureInfo.InvariantCulture)} ({nulls} of {column.Length})")
            with
            {
                ObservedValue = rate,
                ElementCount = column.Length,
                UnexpectedCount = nulls,
                UnexpectedPercent = 100 * rate,
            };
    }
}
