using Gyre.Stats.Internal;
using MathNet.Numerics;

namespace Gyre.Stats.Distributions;

/// <summary>The chi-square distribution with real degrees of freedom (scipy.stats.chi2).</summary>
public static class ChiSquaredDistribution
{
    public static double Pdf(double x, double df)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(df, "df");
        if (x < 0) return 0;
        if (x == 0) return df < 2 ? double.PositiveInfinity : df == 2 ? 0.5 : 0;
        var k = df / 2;
        return Math.Exp((k - 1) * Math.Log(x) - x / 2 - k * Math.Log(2) - SpecialFunctions.GammaLn(k));
    }

    public static double Cdf(double x, double df)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(df, "df");
        if (x <= 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        return SpecialMath.GammaLowerRegularized(df / 2, x / 2);
    }

    public static double Sf(double x, double df)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(df, "df");
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        return SpecialMath.GammaUpperRegularized(df / 2, x / 2);
    }

    public static double Ppf(double q, double df)
    {
        Guard.Probability(q, "q");
        Guard.Shape(df, "df");
        if (q == 0) return 0;
        if (q == 1) return double.PositiveInfinity;
        var start = Math.Max(df, 1e-300);
        return q <= 0.5
            ? RootFinder.InvertTail(x => Cdf(x, df), x => Pdf(x, df), q, false, 0, double.PositiveInfinity, start)
            : RootFinder.InvertTail(x => Sf(x, df), x => Pdf(x, df), 1 - q, true, 0, double.PositiveInfinity, start);
    }

    public static double Isf(double p, double df)
    {
        Guard.Probability(p, "p");
        Guard.Shape(df, "df");
        if (p == 1) return 0;
        if (p == 0) return double.PositiveInfinity;
        var start = Math.Max(df, 1e-300);
        return p >= 0.5
            ? RootFinder.InvertTail(x => Cdf(x, df), x => Pdf(x, df), 1 - p, false, 0, double.PositiveInfinity, start)
            : RootFinder.InvertTail(x => Sf(x, df), x => Pdf(x, df), p, true, 0, double.PositiveInfinity, start);
    }
}
