using Gyre.Core.Errors;
using Gyre.Stats.Internal;
using MathNet.Numerics.Distributions;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Thompson sampling for Bernoulli rewards: each arm has a Beta(alpha0 + successes, beta0 + failures) posterior;
/// an arm is chosen by drawing once from every posterior and taking the largest draw. Deterministic for a seeded
/// <see cref="Random"/>. Rewards must be 0 or 1 (a fractional reward r counts as r successes and 1 - r failures).
/// Not thread-safe: callers serialise access (e.g. a lock per deployment).
/// </summary>
public sealed class ThompsonSampler : IBanditSampler
{
    private readonly Random _random;
    private readonly double _priorAlpha;
    private readonly double _priorBeta;
    private readonly double[] _successes;
    private readonly double[] _failures;
    private readonly long[] _pulls;

    public ThompsonSampler(int arms, Random random, double priorAlpha = 1, double priorBeta = 1)
    {
        if (arms < 1) throw GyreException.InvalidParameter($"a bandit needs at least one arm, got {arms}.");
        Guard.Positive(priorAlpha, "priorAlpha");
        Guard.Positive(priorBeta, "priorBeta");
        _random = random ?? throw GyreException.InvalidParameter("random must not be null.");
        _priorAlpha = priorAlpha;
        _priorBeta = priorBeta;
        _successes = new double[arms];
        _failures = new double[arms];
        _pulls = new long[arms];
    }

    public int ArmCount => _pulls.Length;

    public IReadOnlyList<long> Pulls => _pulls;

    /// <summary>Posterior Beta parameters of an arm.</summary>
    public (double Alpha, double Beta) Posterior(int arm)
    {
        CheckArm(arm);
        return (_priorAlpha + _successes[arm], _priorBeta + _failures[arm]);
    }

    public int SelectArm()
    {
        var best = 0;
        var bestDraw = double.NegativeInfinity;
        for (var arm = 0; arm < _pulls.Length; arm++)
        {
            var draw = Beta.Sample(_random, _priorAlpha + _successes[arm], _priorBeta + _failures[arm]);
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
        if (!(reward >= 0 && reward <= 1)) throw GyreException.InvalidParameter($"Thompson sampling rewards must be in [0, 1], got {reward}.");
        _successes[arm] += reward;
        _failures[arm] += 1 - reward;
        _pulls[arm]++;
    }

    private void CheckArm(int arm)
    {
        if (arm < 0 || arm >= _pulls.Length) throw GyreException.InvalidParameter($"arm {arm} is out of range 0..{_pulls.Length - 1}.");
    }
}
