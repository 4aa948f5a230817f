using Gyre.Core.Errors;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;

namespace Gyre.Stats.AbTesting;

/// <summary>Cohen's h sample size for proportions: the per-group n, its ceiling and the effect size used.</summary>
public sealed record CohensHSampleSizeResult(double Unrounded, long PerGroup, double EffectSize, double ClosedFormIgnoringFarTail);

/// <summary>
/// Power of the two-sided z-test for two independent samples (statsmodels NormalIndPower) and Cohen's h for
/// proportions; the sample size solves power(n) = target exactly (both tails counted).
/// </summary>
public static class NormalPower
{
    /// <summary>Cohen's h = 2 asin(sqrt p1) - 2 asin(sqrt p2) (statsmodels proportion_effectsize).</summary>
    public static double CohensH(double p1, double p2)
    {
        Guard.Probability(p1, "prop1");
        Guard.Probability(p2, "prop2");
        return 2 * Math.Asin(Math.Sqrt(p1)) - 2 * Math.Asin(Math.Sqrt(p2));
    }

    /// <summary>Power of the two-sided test with nobs1 in the first group and ratio * nobs1 in the second.</summary>
    public static double Power(double effectSize, double nobs1, double alpha = 0.05, double ratio = 1.0)
    {
        Guard.Finite(effectSize, "effect_size");
        Guard.Positive(nobs1, "nobs1");
        Guard.OpenProbability(alpha, "alpha");
        Guard.Positive(ratio, "ratio");
        var nobs2 = nobs1 * ratio;
        var nobs = 1.0 / (1.0 / nobs1 + 1.0 / nobs2);
        var alphaHalf = alpha / 2.0;
        var shift = effectSize * Math.Sqrt(nobs);
        var crit = NormalDistribution.Isf(alphaHalf);
        var power = NormalDistribution.Sf(crit - shift);
        var critLow = NormalDistribution.Ppf(alphaHalf);
        power += NormalDistribution.Cdf(critLow - shift);
        return power;
    }

    /// <summary>Per-group sample size for proportions p_a (control) and p_b (treatment) by Cohen's h.</summary>
    public static CohensHSampleSizeResult SampleSizeForProportions(double pA, double pB, double alpha = 0.05, double power = 0.8)
    {
        Guard.OpenProbability(pA, "p_a");
        Guard.OpenProbability(pB, "p_b");
        Guard.OpenProbability(alpha, "alpha");
        Guard.OpenProbability(power, "power");
        var h = CohensH(pB, pA);
        if (h == 0) throw GyreException.InvalidParameter("p_a and p_b must differ.");
        if (power <= alpha) throw GyreException.InvalidParameter("power must exceed alpha.");
        var za = NormalDistribution.Ppf(1 - alpha / 2);
        var zb = NormalDistribution.Ppf(power);
        var closed = 2 * (za + zb) * (za + zb) / (h * h);
        // power(n) increases with n: bracket and bisect to full precision.
        double lo = 1e-6, hi = Math.Max(2 * closed, 2);
        while (Power(h, hi, alpha) < power) hi *= 2;
        for (var i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Power(h, mid, alpha) < power) lo = mid; else hi = mid;
        }
        var n = 0.5 * (lo + hi);
        return new CohensHSampleSizeResult(n, (long)Math.Ceiling(n), h, closed);
    }
}
