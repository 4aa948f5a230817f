using Gyre.Core.Errors;
using Gyre.Stats.Internal;
using MathNet.Numerics.Distributions;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Thompson sampling for continuous rewards: each arm's mean has a normal prior N(priorMean, priorVariance); the
/// rewards are taken as normal with the arm's sample variance (the prior variance until an arm has two rewards,
/// floored at <c>1e-9</c> so a constant arm keeps a proper posterior).
/// </summary>
public sealed class GaussianThompsonSampler : PosteriorSampler
{
    private const double MinNoiseVariance = 1e-9;
    private readonly double _priorMean;
    private readonly double _priorVariance;
    private readonly double[] _sums;
    private readonly double[] _sumSquares;

    public GaussianThompsonSampler(int arms, Random random, double priorMean = 0, double priorVariance = 1)
        : base(arms, random)
    {
        Guard.Finite(priorMean, "priorMean");
        Guard.Shape(priorVariance, "priorVariance");
        _priorMean = priorMean;
        _priorVariance = priorVariance;
        _sums = new double[arms];
        _sumSquares = new double[arms];
    }

    /// <summary>Posterior mean and variance of an arm's mean reward.</summary>
    public (double Mean, double Variance) Posterior(int arm)
    {
        CheckArm(arm);
        var n = PullsOf(arm);
        if (n == 0) return (_priorMean, _priorVariance);
        var noise = _priorVariance;
        if (n >= 2)
        {
            var mean = _sums[arm] / n;
            noise = Math.Max((_sumSquares[arm] - n * mean * mean) / (n - 1), MinNoiseVariance);
        }
        var precision = 1 / _priorVariance + n / noise;
        return ((_priorMean / _priorVariance + _sums[arm] / noise) / precision, 1 / precision);
    }

    /// <summary>Sets an arm's totals at once (resuming from a checkpoint).</summary>
    public void Restore(int arm, long pulls, double sum, double sumSquares)
    {
        CheckArm(arm);
        if (pulls < 0 || !double.IsFinite(sum) || !double.IsFinite(sumSquares) || sumSquares < 0)
            throw GyreException.InvalidParameter($"arm {arm}'s saved totals ({pulls} pulls, sum {sum}, sum of squares {sumSquares}) are not valid.");
        SetPulls(arm, pulls);
        _sums[arm] = sum;
        _sumSquares[arm] = sumSquares;
    }

    protected override double DrawFromPosterior(int arm)
    {
        var (mean, variance) = Posterior(arm);
        return Normal.Sample(Random, mean, Math.Sqrt(variance));
    }

    protected override void Record(int arm, double reward)
    {
        if (!double.IsFinite(reward)) throw GyreException.InvalidParameter($"rewards must be finite numbers, got {reward}.");
        _sums[arm] += reward;
        _sumSquares[arm] += reward * reward;
    }
}
