using Gyre.Core.Errors;
using Gyre.Stats.Internal;
using MathNet.Numerics.Distributions;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Thompson sampling for continuous rewards: each arm's mean has a normal prior N(priorMean, priorVariance); the
/// rewards are taken as normal with the arm's sample variance (the prior variance until an arm has two rewards,
/// floored at <c>1e-9</c> so a constant arm keeps a proper posterior). An arm is chosen by drawing once from every
/// posterior of the mean and taking the largest draw. Deterministic for a seeded <see cref="Random"/>.
/// Not thread-safe: callers serialise access.
/// </summary>
public sealed class GaussianThompsonSampler : IBanditSampler
{
    private const double MinNoiseVariance = 1e-9;
    private readonly Random _random;
    private readonly double _priorMean;
    private readonly double _priorVariance;
    private readonly double[] _sums;
    private readonly double[] _sumSquares;
    private readonly long[] _pulls;

    public GaussianThompsonSampler(int arms, Random random, double priorMean = 0, double priorVariance = 1)
    {
        if (arms < 1) throw GyreException.InvalidParameter($"a bandit needs at least one arm, got {arms}.");
        Guard.Finite(priorMean, "priorMean");
        Guard.Shape(priorVariance, "priorVariance");
        _random = random ?? throw GyreException.InvalidParameter("random must not be null.");
        _priorMean = priorMean;
        _priorVariance = priorVariance;
        _sums = new double[arms];
        _sumSquares = new double[arms];
        _pulls = new long[arms];
    }

    public int ArmCount => _pulls.Length;

    public IReadOnlyList<long> Pulls => _pulls;

    /// <summary>Posterior mean and variance of an arm's mean reward.</summary>
    public (double Mean, double Variance) Posterior(int arm)
    {
        CheckArm(arm);
        var n = _pulls[arm];
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

    public int SelectArm()
    {
        var best = 0;
        var bestDraw = double.NegativeInfinity;
        for (var arm = 0; arm < _pulls.Length; arm++)
        {
            var (mean, variance) = Posterior(arm);
            var draw = Normal.Sample(_random, mean, Math.Sqrt(variance));
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = arm;
            }
        }
        return best;
    }

    public void Update(int arm, double reward)
    {
        CheckArm(arm);
        if (!double.IsFinite(reward)) throw GyreException.InvalidParameter($"rewards must be finite numbers, got {reward}.");
        _sums[arm] += reward;
        _sumSquares[arm] += reward * reward;
        _pulls[arm]++;
    }

    /// <summary>Sets an arm's totals at once (resuming from a checkpoint).</summary>
    public void Restore(int arm, long pulls, double sum, double sumSquares)
    {
        CheckArm(arm);
        if (pulls < 0 || !double.IsFinite(sum) || !double.IsFinite(sumSquares) || sumSquares < 0)
            throw GyreException.InvalidParameter($"arm {arm}'s saved totals ({pulls} pulls, sum {sum}, sum of squares {sumSquares}) are not valid.");
        _pulls[arm] = pulls;
        _sums[arm] = sum;
        _sumSquares[arm] = sumSquares;
    }

    private void CheckArm(int arm)
    {
        if (arm < 0 || arm >= _pulls.Length) throw GyreException.InvalidParameter($"arm {arm} is out of range 0..{_pulls.Length - 1}.");
    }
}
