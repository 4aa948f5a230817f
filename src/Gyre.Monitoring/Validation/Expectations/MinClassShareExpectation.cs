using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary>
/// <c>min_class_share</c>: every class (distinct non-missing value) makes up at least this share of the
/// non-missing values - catches a label or category that has all but disappeared.
/// </summary>
public sealed class MinClassShareExpectation : Expectation
{
    public required double Min { get; init; }

    public override string Name => "min_class_share";

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        if (!TryGetColumn(data, out var column, out var missing)) return missing!;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        for (var row = 0; row < column.Length; row++)
        {
            var text = ColumnValues.Text(column, row);
            if (text is null) continue;
            counts[text] = counts.GetValueOrDefault(text) + 1;
            total++;
        }
        if (total == 0) return Unevaluable($"column '{Column}' has no non-missing values, so it has no classes");
        var rare = counts.Where(kv => (double)kv.Value / total < Min - 1e-12).OrderBy(kv => kv.Value).ToList();
        var smallest = counts.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
        var smallestShare = (double)smallest.Value / total;
        var min = Min.ToString("0.####", CultureInfo.InvariantCulture);
        return Result(rare.Count == 0,
                $"each class >= {min} of values: smallest is '{smallest.Key}' at {smallestShare.ToString("0.####", CultureInfo.InvariantCulture)} ({counts.Count} classes, {rare.Count} below)")
            with
            {
                ObservedValue = smallestShare,
                ElementCount = counts.Count,
                UnexpectedCount = rare.Count,
                UnexpectedPercent = 100.0 * rare.Count / counts.Count,
                UnexpectedExamples = rare.Take(options.MaxExamples)
                    .Select(kv => $"{kv.Key} ({((double)kv.Value / total).ToString("0.####", CultureInfo.InvariantCulture)})").ToList(),
            };
    }
}
