using Gyre.Core.Errors;

namespace Gyre.Stats.Bandits;

/// <summary>
/// Thompson sampling's shared shape: an arm is chosen by drawing once from every arm's posterior and taking the
/// largest draw. Subclasses keep the posterior (Beta for 0/1 rewards, normal for continuous ones).
/// Deterministic for a seeded <see cref="Random"/>. Not thread-safe: callers serialise access.
/// </summary>
public abstract class PosteriorSampler : IBanditSampler
{
    private readonly long[] _pulls;

    protected PosteriorSampler(int arms, Random random)
    {
        if (arms < 1) throw GyreException.InvalidParameter($"a bandit needs at least one arm, got {arms}.");
        Random = random ?? throw GyreException.InvalidParameter("random must not be null.");
        _pulls = new long[arms];
    }

    public int ArmCount => _pulls.Length;

    public IReadOnlyList<long> Pulls => _pulls;

    protected Random Random { get; }

    public int SelectArm()
    {
        var best = 0;
        var bestDraw = double.NegativeInfinity;
        for (var arm = 0; arm < _pulls.Length; arm++)
        {
            var draw = DrawFromPosterior(arm);
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
        Record(arm, reward);
        _pulls[arm]++;
    }

    /// <summary>One draw of <paramref name="arm"/>'s mean reward from its posterior.</summary>
    protected abstract double DrawFromPosterior(int arm);

    /// <summary>Adds a reward to <paramref name="arm"/>'s posterior (validating it first).</summary>
    protected abstract void Record(int arm, double reward);

    protected void SetPulls(int arm, long pulls) => _pulls[arm] = pulls;

    protected long PullsOf(int arm) => _pulls[arm];

    protected void CheckArm(int arm)
    {
        if (arm < 0 || arm >= _pulls.Length) throw GyreException.InvalidParameter($"arm {arm} is out of range 0..{_pulls.Length - 1}.");
    }
}
