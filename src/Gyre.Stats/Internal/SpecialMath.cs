using MathNet.Numerics;

namespace Gyre.Stats.Internal;

/// <summary>
/// Regularized incomplete gamma and beta functions. Written here (rather than taken from MathNet) because
/// the prefactor x^a (1-x)^b / B(a, b) must stay accurate for very large parameters (t with df = 1e6,
/// beta posteriors with thousands of trials) and because callers can pass 1 - x exactly.
/// </summary>
internal static class SpecialMath
{
    private const double Tiny = 1e-300;

    /// <summary>Stirling correction lnGamma(z) - [(z - 1/2) ln z - z + ln(2 pi)/2], for z >= 10.</summary>
    private static double StirlingCorrection(double z)
    {
        var r = 1.0 / z;
        var r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188)))));
    }

    /// <summary>ln B(a, b) without the cancellation of lnGamma(a) + lnGamma(b) - lnGamma(a + b) for large arguments.</summary>
    public static double LogBeta(double a, double b)
    {
        var big = Math.Max(a, b);
        var small = Math.Min(a, b);
        if (big < 10) return SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b);
        // lnGamma(big + small) - lnGamma(big) via Stirling, with the large terms cancelled analytically.
        var diff = (big - 0.5) * MathUtil.Log1P(small / big) + small * Math.Log(big + small) - small
                   + StirlingCorrection(big + small) - StirlingCorrection(big);
        return SpecialFunctions.GammaLn(small) - diff;
    }

    /// <summary>I_x(a, b), the regularized incomplete beta function; y must equal 1 - x (pass it exactly when known).</summary>
    public static double BetaRegularized(double a, double b, double x, double y)
    {
        if (x <= 0) return 0;
        if (y <= 0) return 1;
        if (x <= 0.5 && b * x <= 5) return BetaSeries(a, b, x);
        if (y <= 0.5 && a * y <= 5) return 1 - BetaSeries(b, a, y);
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use the symmetry.
        if (x > (a + 1) / (a + b + 2)) return 1 - BetaRegularizedCf(b, a, y, x);
        return BetaRegularizedCf(a, b, x, y);
    }

    /// <summary>1 - I_x(a, b) evaluated without cancellation.</summary>
    public static double BetaRegularizedComplement(double a, double b, double x, double y)
    {
        if (x <= 0) return 1;
        if (y <= 0) return 0;
        if (x <= 0.5 && b * x <= 5) return 1 - BetaSeries(a, b, x);
        if (y <= 0.5 && a * y <= 5) return BetaSeries(b, a, y);
        if (x > (a + 1) / (a + b + 2)) return BetaRegularizedCf(b, a, y, x);
        return 1 - BetaRegularizedCf(a, b, x, y);
    }

    // Power series x^a / B(a, b) [1/a + sum_n (1-b)_n x^n / (n! (a + n))], good when b x is small.
    private static double BetaSeries(double a, double b, double x)
    {
        var logFront = a * Math.Log(x) - LogBeta(a, b);
        if (logFront < -745) return 0;
        double sum = 1 / a, t = 1;
        for (var n = 1; n < 10000; n++)
        {
            t *= (n - b) * x / n;
            var v = t / (a + n);
            sum += v;
            if (Math.Abs(v) <= 1e-17 * Math.Abs(sum)) break;
        }
        return Math.Exp(logFront) * sum;
    }

    private static double BetaRegularizedCf(double a, double b, double x, double y)
    {
        var logFront = a * Math.Log(x) + b * Math.Log(y) - LogBeta(a, b) - Math.Log(a);
        if (logFront < -745) return 0;
        // Modified Lentz evaluation of the continued fraction for I_x(a, b) (Numerical Recipes' betacf).
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        var h = d;
        for (var m = 1; m < 100000; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + aa / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        return Math.Exp(logFront) * h;
    }

    /// <summary>P(a, x), the regularized lower incomplete gamma function.</summary>
    public static double GammaLowerRegularized(double a, double x)
    {
        if (x <= 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        if (x < a + 1) return GammaSeries(a, x);
        return 1 - GammaContinuedFraction(a, x);
    }

    /// <summary>Q(a, x) = 1 - P(a, x).</summary>
    public static double GammaUpperRegularized(double a, double x)
    {
        if (x <= 0) return 1;
        if (double.IsPositiveInfinity(x)) return 0;
        if (x < a + 1) return 1 - GammaSeries(a, x);
        return GammaContinuedFraction(a, x);
    }

    private static double LogGammaFront(double a, double x) => a * Math.Log(x) - x - SpecialFunctions.GammaLn(a);

    private static double GammaSeries(double a, double x)
    {
        var logFront = LogGammaFront(a, x);
        if (logFront < -745 - 50) return 0;
        double ap = a, sum = 1.0 / a, del = sum;
        for (var n = 0; n < 100000; n++)
        {
            ap += 1;
            del *= x / ap;
            sum += del;
            if (Math.Abs(del) < Math.Abs(sum) * 1e-17) break;
        }
        return Math.Exp(logFront + Math.Log(sum));
    }

    private static double GammaContinuedFraction(double a, double x)
    {
        var logFront = LogGammaFront(a, x);
        if (logFront < -745 - 50) return 0;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (var i = 1; i < 100000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        return Math.Exp(logFront + Math.Log(h));
    }
}
