using MathNet.Numerics;

namespace Gyre.Stats.Distributions;

/// <summary>Exact distribution of the one-sided one-sample statistic D_n+ (scipy.special.smirnov).</summary>
public static class SmirnovDistribution
{
    /// <summary>P(D_n+ >= e) by the Birnbaum-Tingey sum (all terms positive).</summary>
    public static double Sf(int n, double e)
    {
        if (n <= 0) throw Gyre.Core.Errors.GyreException.InvalidParameter($"n must be at least 1, got {n}.");
        Internal.Guard.NotNaN(e, "e");
        if (e <= 0) return 1;
        if (e >= 1) return 0;
        var nn = (int)Math.Floor(n * (1.0 - e));
        var lgn1 = SpecialFunctions.GammaLn(n + 1.0);
        var oneMinusE = 1.0 - e;
        double p = 0;
        for (var v = 0; v <= nn; v++)
        {
            var evn = e + (double)v / n;
            var omevn = oneMinusE - (double)v / n;
            if (omevn <= 0)
            {
                if (n - v == 0) p += Math.Exp(lgn1 - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0) + (v - 1) * Math.Log(evn));
                continue;
            }
            var t = lgn1 - SpecialFunctions.GammaLn(v + 1.0) - SpecialFunctions.GammaLn(n - v + 1.0)
                    + (v - 1) * Math.Log(evn) + (n - v) * Math.Log(omevn);
            if (t > -745) p += Math.Exp(t);
        }
        return Math.Min(1, p * e);
    }

    public static double Cdf(int n, double e) => 1 - Sf(n, e);
}
