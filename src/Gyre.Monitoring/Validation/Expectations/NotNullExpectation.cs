using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>not_null</c>: no value is missing.</summary>
public sealed class NotNullExpectation : RowExpectation
{
    public override string Name => "not_null";
    protected override bool ChecksMissing => true;
    protected override bool IsExpected(Column column, int row) => !column.IsNull(row);
    protected override string Describe() => "values not missing";
}
