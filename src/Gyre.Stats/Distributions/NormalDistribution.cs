using Gyre.Stats.Internal;
using MathNet.Numerics;

namespace Gyre.Stats.Distributions;

/// <summary>The standard normal distribution (scipy.stats.norm).</summary>
public static class NormalDistribution
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    public static double Pdf(double x)
    {
        Guard.NotNaN(x, "x");
        return InvSqrt2Pi * Math.Exp(-0.5 * x * x);
    }

    public static double Cdf(double x)
    {
        Guard.NotNaN(x, "x");
        return 0.5 * SpecialFunctions.Erfc(-x * InvSqrt2);
    }

    public static double Sf(double x)
    {
        Guard.NotNaN(x, "x");
        return 0.5 * SpecialFunctions.Erfc(x * InvSqrt2);
    }

    /// <summary>Quantile function; Ppf(0) = -inf, Ppf(1) = +inf.</summary>
    public static double Ppf(double q)
    {
        Guard.Probability(q, "q");
        if (q == 0) return double.NegativeInfinity;
        if (q == 1) return double.PositiveInfinity;
        // erfcinv keeps relative precision in the lower tail; the upper tail mirrors through 1 - q (exact for q >= 0.5).
        return q <= 0.5
            ? -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * q)
            : Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * (1 - q));
    }

    /// <summary>Inverse survival function: x with Sf(x) = p.</summary>
    public static double Isf(double p) => -Ppf(p);
}
