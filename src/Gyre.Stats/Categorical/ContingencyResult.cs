namespace Gyre.Stats.Categorical;

/// <summary>Result of a contingency-table test: statistic, p-value, degrees of freedom and the expected table under independence.</summary>
public sealed record ContingencyResult(double Statistic, double PValue, int DegreesOfFreedom, double[,] Expected);
