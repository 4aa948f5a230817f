namespace Gyre.Stats.TwoSample;

/// <summary>
/// Anderson-Darling k-sample result: the normalised statistic, critical values for significance levels
/// 25, 10, 5, 2.5, 1, 0.5 and 0.1 %, and the interpolated significance level (capped to [0.001, 0.25]).
/// </summary>
public sealed record AndersonDarlingResult(
    double Statistic,
    IReadOnlyList<double> CriticalValues,
    double SignificanceLevel,
    IReadOnlyList<string> Warnings);
