using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>row_count_between</c>: the table has between min and max rows (either bound optional).</summary>
public sealed class RowCountBetweenExpectation : Expectation
{
    public long? Min { get; init; }
    public long? Max { get; init; }

    public override string Name => "row_count_between";

    public override ExpectationResult Evaluate(DataFrame data, ValidationOptions options)
    {
        var ok = Bounds.Contains(data.RowCount, Min, Max);
        return Result(ok, $"row count {Bounds.Describe(Min, Max)}: found {data.RowCount}") with { ObservedValue = data.RowCount };
    }
}
