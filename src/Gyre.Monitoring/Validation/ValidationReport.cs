namespace Gyre.Monitoring.Validation;

/// <summary>All results of running a suite on one data set; the suite passes when every expectation does.</summary>
public sealed record ValidationReport(string SuiteName, string? DataSource, int RowCount, IReadOnlyList<ExpectationResult> Results)
{
    public bool Success => Results.All(r => r.Success);
    public int Evaluated => Results.Count;
    public int Passed => Results.Count(r => r.Success);
    public int Failed => Results.Count(r => !r.Success);
}
