using System.Text.RegularExpressions;
using Gyre.Core.Data;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary>
/// <c>regex</c>: every value (as text) contains a match of the pattern (.NET syntax); anchor with ^...$
/// to require the whole value to match.
/// </summary>
public sealed class RegexExpectation : RowExpectation
{
    private Regex? _regex;

    public required string Pattern { get; init; }

    public override string Name => "regex";

    protected override string? Prepare(Column column)
    {
        try
        {
            _regex = new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"regex pattern '{Pattern}' is invalid: {e.Message}";
        }
    }

    protected override bool IsExpected(Column column, int row)
    {
        try
        {
            return _regex!.IsMatch(ColumnValues.Text(column, row) ?? "");
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    protected override string Describe() => $"values matching /{Pattern}/";
}
