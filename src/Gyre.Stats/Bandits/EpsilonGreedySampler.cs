using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Epsilon-greedy: with probability epsilon a uniformly random arm (exploration), otherwise the arm with the best
/// mean reward so far; arms never pulled are tried first and ties are broken at random. Deterministic for a
/// seeded <see cref="Random"/>. Not thread-safe: callers serialise access.
/// </summary>
public sealed class EpsilonGreedySampler : IBanditSampler
{
    private readonly Random _random;
    private readonly double[] _rewardSums;
    private readonly long[] _pulls;

    public EpsilonGreedySampler(int arms, double epsilon, Random random)
    {
        if (arms < 1) throw GyreException.InvalidParameter($"a bandit needs at least one arm, got {arms}.");
        Guard.Probability(epsilon, "epsilon");
        _random = random ?? throw GyreException.InvalidParameter("random must not be null.");
        Epsilon = epsilon;
        _rewardSums = new double[arms];
        _pulls = new long[arms];
    }

    public double Epsilon { get; }

    public int ArmCount => _pulls.Length;

    public IReadOnlyList<long> Pulls => _pulls;

    public double MeanReward(int arm)
    {
        CheckArm(arm);
        return _pulls[arm] == 0 ? double.NaN : _rewardSums[arm] / _pulls[arm];
    }

    public int SelectArm()
    {
        if (_random.NextDouble() < Epsilon) return _random.Next(_pulls.Length);
        var best = -1;
        var bestValue = double.NegativeInfinity;
        var ties = 0;
        for (var arm = 0; arm < _pulls.Length; arm++)
        {
            // an untried arm counts as best so every arm gets a first pull
            var value = _pulls[arm] == 0 ? double.PositiveInfinity : _rewardSums[arm] / _pulls[arm];
            if (value > bestValue)
            {
                bestValue = value;
                best = arm;
                ties = 1;
            }
            else if (value == bestValue && _random.Next(++ties) == 0)
            {
                best = arm; // reservoir choice among tied arms
            }
        }
        return best;
    }

    public void Update(int arm, double reward)
    {
        CheckArm(arm);
        Guard.Finite(reward, "reward");
        _rewardSums[arm] += reward;
        _pulls[arm]++;
    }

    private void CheckArm(int arm)
    {
        if (arm < 0 || arm >= _pulls.Length) throw GyreException.InvalidParameter($"arm {arm} is out of range 0..{_pulls.Length - 1}.");
    }
}
