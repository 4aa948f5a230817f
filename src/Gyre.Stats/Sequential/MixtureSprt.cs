using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Sequential;

/// <summary>
/// Always-valid mixture SPRT (mSPRT; Robbins 1970, Johari et al. 2017) for the mean of a stream with known
/// per-observation variance sigma^2, H0: mean = theta0, mixing the alternative over N(theta0, tau^2):
/// Lambda_n = sqrt(s2 / (s2 + n tau2)) exp(n^2 tau2 (xbar - theta0)^2 / (2 s2 (s2 + n tau2))).
/// The always-valid p-value min(1, 1 / max Lambda) may be checked after every observation without inflating
/// the type-I error; reject H0 once it is at most alpha. For a Bernoulli stream use sigma^2 = theta0 (1 - theta0).
/// </summary>
public sealed class MixtureSprt
{
    private readonly double _variance;
    private readonly double _tau2;
    private double _sum;

    public MixtureSprt(double theta0, double variance, double mixingVariance, double alpha = 0.05)
    {
        Guard.Finite(theta0, "theta0");
        Guard.Positive(variance, "variance");
        Guard.Positive(mixingVariance, "mixingVariance");
        Guard.OpenProbability(alpha, "alpha");
        Theta0 = theta0;
        _variance = variance;
        _tau2 = mixingVariance;
        Alpha = alpha;
    }

    /// <summary>For 0/1 outcomes with null success rate p0.</summary>
    public static MixtureSprt ForBernoulli(double p0, double mixingVariance, double alpha = 0.05)
    {
        Guard.OpenProbability(p0, "p0");
        return new MixtureSprt(p0, p0 * (1 - p0), mixingVariance, alpha);
    }

    public double Theta0 { get; }
    public double Alpha { get; }
    public long Observations { get; private set; }
    public double Mean => Observations == 0 ? double.NaN : _sum / Observations;
    public double LogLikelihoodRatio { get; private set; }
    /// <summary>Always-valid p-value: non-increasing in n.</summary>
    public double PValue { get; private set; } = 1.0;
    public bool RejectsNull => PValue <= Alpha;

    public double Observe(double x)
    {
        if (!double.IsFinite(x)) throw GyreException.InvalidParameter($"observation {x} must be finite.");
        Observations++;
        _sum += x;
        double n = Observations;
        var diff = _sum / n - Theta0;
        var denom = _variance + n * _tau2;
        LogLikelihoodRatio = 0.5 * Math.Log(_variance / denom) + n * n * _tau2 * diff * diff / (2 * _variance * denom);
        PValue = Math.Min(PValue, Math.Min(1.0, Math.Exp(-LogLikelihoodRatio)));
        return PValue;
    }
}
