using Gyre.Core.Errors;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;

namespace Gyre.Stats.AbTesting;

/// <summary>Which pooled proportion the sample-size formula uses.</summary>
public enum PooledProportion
{
    /// <summary>pbar = (p_a + p_b) / 2, the mean of the two arms (Gyre's default, DECISIONS.md #1).</summary>
    MeanOfArms,
    /// <summary>pbar = p_a, the baseline rate.</summary>
    Baseline,
}

/// <summary>Per-group sample size: the unrounded value, its ceiling and the quantiles used.</summary>
public sealed record SampleSizeResult(double Unrounded, long PerGroup, double PooledProportion, double ZAlphaHalf, double ZBeta);

/// <summary>Minimum detectable effect (absolute and relative to the pooled proportion).</summary>
public sealed record MinimumDetectableEffectResult(double Absolute, double RelativeToPooled, double ZAlphaHalf, double ZBeta);

/// <summary>
/// Sample size and minimum detectable effect for a two-sided test of two proportions with exact normal quantiles:
/// n = (z_{1-alpha/2} + z_power)^2 * 2 pbar (1 - pbar) / delta^2 per group.
/// </summary>
public static class ProportionSampleSize
{
    public static SampleSizeResult PerGroup(double baselineRate, double delta, double alpha = 0.05, double power = 0.8,
        PooledProportion pooled = PooledProportion.MeanOfArms)
    {
        Guard.OpenProbability(baselineRate, "p_a");
        Guard.Finite(delta, "delta");
        if (delta == 0) throw GyreException.InvalidParameter("delta (the effect to detect) must not be zero.");
        Guard.OpenProbability(baselineRate + delta, "p_a + delta");
        Guard.OpenProbability(alpha, "alpha");
        Guard.OpenProbability(power, "power");
        var za = NormalDistribution.Ppf(1 - alpha / 2);
        var zb = NormalDistribution.Ppf(power);
        var pbar = pooled == PooledProportion.Baseline ? baselineRate : baselineRate + delta / 2;
        var s = za + zb;
        // evaluated left to right as the project formula is written
        var n = s * s * 2 * pbar * (1 - pbar) / (delta * delta);
        return new SampleSizeResult(n, (long)Math.Ceiling(n), pbar, za, zb);
    }

    public static MinimumDetectableEffectResult MinimumDetectableEffect(long perGroup, double pooledRate, double alpha = 0.05, double power = 0.8)
    {
        if (perGroup <= 0) throw GyreException.InvalidParameter($"n must be positive, got {perGroup}.");
        Guard.OpenProbability(pooledRate, "pbar");
        Guard.OpenProbability(alpha, "alpha");
        Guard.OpenProbability(power, "power");
        var za = NormalDistribution.Ppf(1 - alpha / 2);
        var zb = NormalDistribution.Ppf(power);
        var mde = (za + zb) * Math.Sqrt(2 * pooledRate * (1 - pooledRate) / perGroup);
        return new MinimumDetectableEffectResult(mde, mde / pooledRate, za, zb);
    }
}
