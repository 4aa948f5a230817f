namespace Gyre.Monitoring.Drift;

/// <summary>A method's output: the statistic (or distance), and the p-value for tests.</summary>
public readonly record struct DriftScore(double Statistic, double? PValue);
