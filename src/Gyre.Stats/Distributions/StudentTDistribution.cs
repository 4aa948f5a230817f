using Gyre.Stats.Internal;
using MathNet.Numerics;

namespace Gyre.Stats.Distributions;

/// <summary>Student's t distribution with real (e.g. Welch) degrees of freedom (scipy.stats.t).</summary>
public static class StudentTDistribution
{
    public static double Pdf(double x, double df)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(df, "df");
        // 1 / (sqrt(df) B(df/2, 1/2)) (1 + x^2/df)^(-(df+1)/2)
        return Math.Exp(-0.5 * Math.Log(df) - SpecialMath.LogBeta(df / 2, 0.5) - (df + 1) / 2 * MathUtil.Log1P(x * x / df));
    }

    public static double Cdf(double x, double df)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(df, "df");
        return x <= 0 ? LowerTail(x, df) : 1 - LowerTail(-x, df);
    }

    public static double Sf(double x, double df) => Cdf(-x, df);

    // P(T <= x) for x <= 0 via the regularized incomplete beta, choosing the argument that avoids cancellation.
    private static double LowerTail(double x, double df)
    {
        if (double.IsNegativeInfinity(x)) return 0;
        if (x == 0) return 0.5;
        var x2 = x * x;
        if (df > x2)
        {
            // Near the centre: 0.5 - 0.5 * I_{x^2/(df+x^2)}(1/2, df/2).
            var z = x2 / (df + x2);
            return 0.5 * SpecialMath.BetaRegularizedComplement(0.5, df / 2, z, df / (df + x2));
        }
        return 0.5 * SpecialMath.BetaRegularized(df / 2, 0.5, df / (df + x2), x2 / (df + x2));
    }

    public static double Ppf(double q, double df)
    {
        Guard.Probability(q, "q");
        Guard.Shape(df, "df");
        if (q == 0) return double.NegativeInfinity;
        if (q == 1) return double.PositiveInfinity;
        if (q == 0.5) return 0;
        if (q > 0.5) return -Ppf(1 - q, df);
        // Lower tail; closed forms for df 1 and 2.
        if (df == 1) return -1 / Math.Tan(Math.PI * q);
        if (df == 2) return (2 * q - 1) / Math.Sqrt(2 * q * (1 - q));
        var start = NormalDistribution.Ppf(q);
        return RootFinder.InvertTail(x => LowerTail(Math.Min(x, 0), df), x => Pdf(x, df), q, upperTail: false,
            double.NegativeInfinity, 0, start);
    }

    public static double Isf(double p, double df) => -Ppf(p, df);
}
