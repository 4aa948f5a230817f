using Gyre.Stats.Internal;
using MathNet.Numerics;

namespace Gyre.Stats.Distributions;

/// <summary>The beta distribution on [0, 1] (scipy.stats.beta), e.g. Thompson-sampling posteriors.</summary>
public static class BetaDistribution
{
    public static double Pdf(double x, double a, double b)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(a, "a");
        Guard.Shape(b, "b");
        if (x < 0 || x > 1) return 0;
        if (x == 0) return a < 1 ? double.PositiveInfinity : a == 1 ? b : 0;
        if (x == 1) return b < 1 ? double.PositiveInfinity : b == 1 ? a : 0;
        return Math.Exp((a - 1) * Math.Log(x) + (b - 1) * MathUtil.Log1P(-x) - SpecialMath.LogBeta(a, b));
    }

    public static double Cdf(double x, double a, double b)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(a, "a");
        Guard.Shape(b, "b");
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        // Evaluate the smaller tail directly; 1 - x is exact for x >= 0.5.
        return SpecialMath.BetaRegularized(a, b, x, 1 - x);
    }

    public static double Sf(double x, double a, double b)
    {
        Guard.NotNaN(x, "x");
        Guard.Shape(a, "a");
        Guard.Shape(b, "b");
        if (x <= 0) return 1;
        if (x >= 1) return 0;
        return SpecialMath.BetaRegularizedComplement(a, b, x, 1 - x);
    }

    public static double Ppf(double q, double a, double b)
    {
        Guard.Probability(q, "q");
        Guard.Shape(a, "a");
        Guard.Shape(b, "b");
        if (q == 0) return 0;
        if (q == 1) return 1;
        var mean = a / (a + b);
        return q <= 0.5
            ? RootFinder.InvertTail(x => Cdf(x, a, b), x => Pdf(x, a, b), q, false, 0, 1, mean)
            : RootFinder.InvertTail(x => Sf(x, a, b), x => Pdf(x, a, b), 1 - q, true, 0, 1, mean);
    }
}
