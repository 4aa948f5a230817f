using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>unique</c>: no non-missing value occurs twice; every occurrence of a repeated value is unexpected.</summary>
public sealed class UniqueExpectation : RowExpectation
{
    private HashSet<string>? _repeated;

    public override string Name => "unique";

    protected override string? Prepare(Column column)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _repeated = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < column.Length; row++)
        {
            var text = ColumnValues.Text(column, row);
            if (text is not null && !seen.Add(text)) _repeated.Add(text);
        }
        return null;
    }

    protected override bool IsExpected(Column column, int row) => !_repeated!.Contains(ColumnValues.Text(column, row)!);

    protected override string Describe() => "values unique";
}
