namespace Gyre.Learn.Gates;

/// <summary>A rule's outcome: what was measured, against what, and why it passed or failed.</summary>
public sealed record GateResult(string Name, bool Passed, double Measured, string Threshold, string Detail);

/// <summary>Every rule's outcome; the candidate passes only when all do.</summary>
public sealed record GateReport(IReadOnlyList<GateResult> Results)
{
    public bool Passed => Results.All(r => r.Passed);
}
