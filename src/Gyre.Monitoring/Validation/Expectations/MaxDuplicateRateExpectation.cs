using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary>
/// <c>max_duplicate_rate</c>: at most this share of the non-missing values repeat an earlier value
/// (rate = (values - distinct values) / values).
/// </summary>
public sealed class MaxDuplicateRateExpectation : Expectation
{
    public required double Max { get; init; }

    public override string Name => "max_duplicate_rate";

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        if (!TryGetColumn(data, out var column, out var missing)) return missing!;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        long values = 0;
        for (var row = 0; row < column.Length; row++)
        {
            var text = ColumnValues.Text(column, row);
            if (text is null) continue;
            values++;
            if (!distinct.Add(text) && repeated.Count < options.MaxExamples && !repeated.Contains(text)) repeated.Add(text);
        }
        var duplicates = values - distinct.Count;
        var rate = values == 0 ? 0 : (double)duplicates / values;
        return Result(rate <= Max + 1e-12,
                $"duplicate rate <= {Max.ToString("0.####", CultureInfo.InvariantCulture)}: found {rate.ToString("0.####", CultureInfo.InvariantCulture)} ({duplicates} repeats among {values} values)")
            with
            {
                ObservedValue = rate,
                ElementCount = values,
                UnexpectedCount = duplicates,
                UnexpectedPercent = 100 * rate,
                UnexpectedExamples = repeated,
            };
    }
}
