using System.Globalization;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary>
/// <c>in_set</c>: every value is one of the listed values. Numeric columns compare numerically
/// (<c>1</c> matches <c>1.0</c>); text compares exactly (case-sensitive).
/// </summary>
public sealed class InSetExpectation : RowExpectation
{
    private HashSet<double>? _numbers;
    private HashSet<string>? _texts;

    public required IReadOnlyList<string> Values { get; init; }

    public override string Name => "in_set";

    protected override string? Prepare(Column column)
    {
        _texts = new HashSet<string>(Values, StringComparer.Ordinal);
        _numbers = [];
        foreach (var v in Values)
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) _numbers.Add(d);
        return null;
    }

    protected override bool IsExpected(Column column, int row) => column switch
    {
        DoubleColumn d => _numbers!.Contains(d.Values[row]),
        BoolColumn b => _texts!.Contains(b.Values[row] == true ? "true" : "false") ||
                        _texts!.Contains(b.Values[row] == true ? "True" : "False"),
        _ => _texts!.Contains(ColumnValues.Text(column, row) ?? ""),
    };

    protected override string Describe() =>
        "values in {" + string.Join(", ", Values.Take(10)) + (Values.Count > 10 ? $", ... ({Values.Count} values)" : "") + "}";
}
