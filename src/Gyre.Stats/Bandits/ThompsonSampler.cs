using Gyre.Core.Errors;
using Gyre.Stats.Internal;
using MathNet.Numerics.Distributions;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Thompson sampling for Bernoulli rewards: each arm has a Beta(alpha0 + successes, beta0 + failures) posterior.
/// Rewards must be in [0, 1] (a fractional reward r counts as r successes and 1 - r failures).
/// </summary>
public sealed class ThompsonSampler : PosteriorSampler
{
    private readonly double _priorAlpha;
    private readonly double _priorBeta;
    private readonly double[] _successes;
    private readonly double[] _failures;

    public ThompsonSampler(int arms, Random random, double priorAlpha = 1, double priorBeta = 1)
        : base(arms, random)
    {
        Guard.Positive(priorAlpha, "priorAlpha");
        Guard.Positive(priorBeta, "priorBeta");
        _priorAlpha = priorAlpha;
        _priorBeta = priorBeta;
        _successes = new double[arms];
        _failures = new double[arms];
    }

    /// <summary>Posterior Beta parameters of an arm.</summary>
    public (double Alpha, double Beta) Posterior(int arm)
    {
        CheckArm(arm);
        return (_priorAlpha + _successes[arm], _priorBeta + _failures[arm]);
    }

    protected override double DrawFromPosterior(int arm) => Beta.Sample(Random, _priorAlpha + _successes[arm], _priorBeta + _failures[arm]);

    protected override void Record(int arm, double reward)
    {
        if (!(reward >= 0 && reward <= 1)) throw GyreException.InvalidParameter($"Thompson sampling rewards must be in [0, 1], got {reward}.");
        _successes[arm] += reward;
        _failures[arm] += 1 - reward;
    }
}
