using Gyre.Core.Data;
using Gyre.Monitoring.Validation;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>between</c>: every value is a number within [min, max] (either bound optional; strict bounds exclude it).</summary>
public sealed class BetweenExpectation : RowExpectation
{
    public double? Min { get; init; }
    public double? Max { get; init; }
    public bool StrictMin { get; init; }
    public bool StrictMax { get; init; }

    public override string Name => "between";

    protected override bool IsExpected(Column column, int row)
    {
        // Text that is not a number is unexpected (and shows up among the examples).
        if (!ColumnValues.TryNumber(column, row, out var v) || double.IsNaN(v)) return false;
        return Bounds.Contains(v, Min, Max, StrictMin, StrictMax);
    }

    protected override string Describe() => "values " + Bounds.Describe(Min, Max, StrictMin, StrictMax);
}
