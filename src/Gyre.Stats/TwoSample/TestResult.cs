namespace Gyre.Stats.TwoSample;

/// <summary>A test statistic and its p-value.</summary>
public sealed record TestResult(double Statistic, double PValue);
