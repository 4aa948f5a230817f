using Gyre.Stats.Internal;

namespace Gyre.Stats.Distributions;

/// <summary>
/// Kolmogorov's limiting distribution of sqrt(n) D_n (scipy.stats.kstwobign; scipy.special.kolmogorov is
/// its survival function and kolmogi the inverse of that).
/// </summary>
public static class KolmogorovDistribution
{
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);
    private const double SeriesSwitch = 0.82;

    /// <summary>P(K > x) (scipy.special.kolmogorov).</summary>
    public static double Sf(double x)
    {
        Guard.NotNaN(x, "x");
        if (x <= 0) return 1;
        if (x >= SeriesSwitch) return AlternatingSeries(x);
        return 1 - ThetaSeries(x);
    }

    /// <summary>P(K &lt;= x).</summary>
    public static double Cdf(double x)
    {
        Guard.NotNaN(x, "x");
        if (x <= 0) return 0;
        if (x >= SeriesSwitch) return 1 - AlternatingSeries(x);
        return ThetaSeries(x);
    }

    public static double Pdf(double x)
    {
        if (x <= 0) return 0;
        if (x >= SeriesSwitch)
        {
            // d/dx of 1 - 2 sum (-1)^(k-1) exp(-2 k^2 x^2)
            double s = 0, sign = 1;
            for (var k = 1; k < 100; k++)
            {
                var t = k * k * Math.Exp(-2.0 * k * k * x * x);
                s += sign * t;
                if (t == 0 || t < 1e-17 * Math.Abs(s)) break;
                sign = -sign;
            }
            return 8 * x * s;
        }
        double sum = 0;
        var x2 = x * x;
        for (var k = 1; k < 100; k++)
        {
            var a = (2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / 8;
            var e = Math.Exp(-a / x2);
            var t = e * (-1 / x2 + 2 * a / (x2 * x2));
            sum += t;
            if (e == 0 || Math.Abs(t) < 1e-17 * Math.Abs(sum)) break;
        }
        return Sqrt2Pi * sum;
    }

    /// <summary>x with Cdf(x) = q.</summary>
    public static double Ppf(double q)
    {
        Guard.Probability(q, "q");
        if (q == 0) return 0;
        if (q == 1) return double.PositiveInfinity;
        return q <= 0.5
            ? RootFinder.InvertTail(Cdf, Pdf, q, false, 0, double.PositiveInfinity, 0.8)
            : RootFinder.InvertTail(Sf, Pdf, 1 - q, true, 0, double.PositiveInfinity, 0.8);
    }

    /// <summary>x with Sf(x) = p (scipy.special.kolmogi).</summary>
    public static double Isf(double p)
    {
        Guard.Probability(p, "p");
        if (p == 1) return 0;
        if (p == 0) return double.PositiveInfinity;
        return p <= 0.5
            ? RootFinder.InvertTail(Sf, Pdf, p, true, 0, double.PositiveInfinity, Math.Sqrt(-0.5 * Math.Log(0.5 * p)))
            : RootFinder.InvertTail(Cdf, Pdf, 1 - p, false, 0, double.PositiveInfinity, 0.8);
    }

    // 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2): converges fast for large x.
    private static double AlternatingSeries(double x)
    {
        double p = 0, sign = 1;
        var alpha = -2.0 * x * x;
        for (var k = 1; k < 100; k++)
        {
            var t = Math.Exp(alpha * k * k);
            p += sign * t;
            if (t == 0 || t <= 1e-17 * p) break;
            sign = -sign;
        }
        return 2 * p;
    }

    // sqrt(2 pi)/x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)): the CDF, converges fast for small x.
    private static double ThetaSeries(double x)
    {
        var alpha = -Math.PI * Math.PI / (8 * x * x);
        double p = 0;
        for (var r = 1; r < 200; r += 2)
        {
            var t = Math.Exp(alpha * r * r);
            p += t;
            if (t == 0 || t < 1e-17 * p) break;
        }
        return p * Sqrt2Pi / x;
    }
}
