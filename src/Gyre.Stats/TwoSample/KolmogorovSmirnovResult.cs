namespace Gyre.Stats.TwoSample;

/// <summary>
/// Result of the two-sample Kolmogorov-Smirnov test. <see cref="StatisticLocation"/> is the value where the
/// ECDF gap is largest and <see cref="StatisticSign"/> is +1 when ECDF(a) - ECDF(b) is positive there.
/// <see cref="MethodUsed"/> is the method that produced the p-value (an exact attempt can fall back to the
/// asymptotic one, which is reported in <see cref="Warnings"/> as scipy does).
/// </summary>
public sealed record KolmogorovSmirnovResult(
    double Statistic,
    double PValue,
    double StatisticLocation,
    int StatisticSign,
    KolmogorovSmirnovMethod MethodUsed,
    IReadOnlyList<string> Warnings);
