using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Stats.Bandits;
using MathNet.Numerics.Distributions;

namespace Gyre.Serving.Policies.Bandit;

/// <summary>
/// A multi-armed bandit over the variants, fed by the rewards of the feedback API: Thompson sampling (Beta-Bernoulli
/// for 0/1 rewards, normal for continuous ones) or epsilon-greedy, from Gyre.Stats' samplers. Every request goes to
/// the arm the sampler picks; Shares are the current allocation probabilities (for Thompson sampling the chance that
/// each arm is best, estimated from posterior draws), refreshed by Evaluate. A change of the leading arm (highest
/// posterior mean) is a "shifted" event with the posteriors, pulls and rewards as evidence. The reward totals per
/// arm are checkpointed with every event, so after a restart the bandit resumes from what it had learnt by then.
/// </summary>
public sealed class BanditPolicy : ITrafficPolicy, IPolicyCheckpoint
{
    public const string KindName = "bandit";

    private readonly string[] _arms;
    private readonly Dictionary<string, int> _index;
    private readonly RouteDecision[] _decisions;
    private readonly IBanditSampler _sampler;
    private readonly Random _shareRandom;
    private readonly Lock _gate = new();
    private readonly long[] _routed;
    private readonly double[] _rewardSums;
    private readonly double[] _rewardSquares;
    private volatile IReadOnlyDictionary<string, double> _shares;
    private string? _leader;

    public BanditPolicy(BanditOptions options, IReadOnlyList<string> variants)
    {
        Options = options;
        _arms = variants.ToArray();
        _index = _arms.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _decisions = _arms.Select(RouteDecision.To).ToArray();
        var seed = options.Seed ?? Random.Shared.Next();
        var random = new Random(seed);
        _shareRandom = new Random(unchecked(seed * 31 + 7));
        _sampler = options switch
        {
            { Algorithm: BanditAlgorithm.EpsilonGreedy } => new EpsilonGreedySampler(_arms.Length, options.Epsilon, random),
            { Reward: BanditReward.Gaussian } => new GaussianThompsonSampler(_arms.Length, random, options.PriorMean, options.PriorVariance),
            _ => new ThompsonSampler(_arms.Length, random, options.PriorAlpha, options.PriorBeta),
        };
        _routed = new long[_arms.Length];
        _rewardSums = new double[_arms.Length];
        _rewardSquares = new double[_arms.Length];
        _shares = _arms.ToDictionary(a => a, _ => 1.0 / _arms.Length, StringComparer.Ordinal);
    }

    /// <summary>The factory's builder; the bandit reads no clock (it learns from rewards, not time).</summary>
    public static BanditPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time) =>
        new(BanditOptions.Parse(spec, variants), variants);

    public BanditOptions Options { get; }

    public string Kind => KindName;

    public IReadOnlyDictionary<string, double> Shares => _shares;

    /// <summary>The arm with the highest posterior mean once enough rewards arrived; null before.</summary>
    public string? Leader
    {
        get { lock (_gate) return _leader; }
    }

    public RouteDecision Route(in RouteContext request)
    {
        if (request.VariantOverride is { } forced && _index.TryGetValue(forced, out var overridden)) return _decisions[overridden];
        int arm;
        lock (_gate) arm = _sampler.SelectArm();
        Interlocked.Increment(ref _routed[arm]);
        return _decisions[arm];
    }

    public void RecordOutcome(in VariantOutcome outcome)
    {
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
        if (feedback.Reward is not { } reward || !_index.TryGetValue(feedback.Variant, out var arm)) return;
        if (!double.IsFinite(reward))
            throw GyreException.InvalidParameter($"Reward {reward} for request '{feedback.RequestId}' is not a finite number.");
        if (Options is { Algorithm: BanditAlgorithm.Thompson, Reward: BanditReward.Bernoulli } && reward is < 0 or > 1)
            throw GyreException.InvalidParameter(
                $"Reward {reward.ToString(CultureInfo.InvariantCulture)} for request '{feedback.RequestId}' is outside [0, 1]; this bandit models 0/1 rewards (set \"reward\": \"gaussian\" for continuous ones).");
        lock (_gate)
        {
            _sampler.Update(arm, reward);
            _rewardSums[arm] += reward;
            _rewardSquares[arm] += reward * reward;
        }
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var means = PosteriorMeans();
            _shares = ComputeShares();
            var total = _sampler.Pulls.Sum();
            if (total < Options.MinRewardsToShift) return [];
            var leader = LeaderOf(means);
            if (leader is null || leader == _leader) return [];
            var previous = _leader;
            _leader = leader;
            var evidence = Evidence(means);
            var leaderMean = means[_index[leader]]!.Value;
            var reason = previous is null
                ? Invariant($"arm '{leader}' leads with posterior mean {leaderMean:G4} after {total} rewards; its share is now {_shares[leader]:P1}")
                : Invariant($"arm '{leader}' overtook '{previous}': posterior mean {leaderMean:G4} vs {means[_index[previous]]:G4} after {total} rewards; share now {_shares[leader]:P1}");
            return [new DeploymentEvent(now, "", "shifted", reason, evidence, _shares)];
        }
    }

    public IReadOnlyDictionary<string, object?> Status()
    {
        lock (_gate)
        {
            var means = PosteriorMeans();
            var arms = new Dictionary<string, object?>(StringComparer.Ordinal);
            var shares = _shares;
            for (var i = 0; i < _arms.Length; i++)
            {
                var pulls = _sampler.Pulls[i];
                arms[_arms[i]] = new Dictionary<string, object?>
                {
                    ["share"] = shares[_arms[i]],
                    ["routed"] = Interlocked.Read(ref _routed[i]),
                    ["rewards"] = pulls,
                    ["reward_sum"] = _rewardSums[i],
                    ["reward_mean"] = pulls == 0 ? null : _rewardSums[i] / pulls,
                    ["posterior_mean"] = means[i],
                };
            }
            return new Dictionary<string, object?>
            {
                ["kind"] = KindName,
                ["algorithm"] = Options.Algorithm == BanditAlgorithm.Thompson ? "thompson" : "epsilon_greedy",
                ["reward"] = Options.Algorithm == BanditAlgorithm.Thompson ? (Options.Reward == BanditReward.Gaussian ? "gaussian" : "bernoulli") : null,
                ["epsilon"] = Options.Algorithm == BanditAlgorithm.EpsilonGreedy ? Options.Epsilon : null,
                ["leader"] = _leader,
                ["total_rewards"] = _sampler.Pulls.Sum(),
                ["arms"] = arms,
            };
        }
    }

    public string SaveState()
    {
        lock (_gate)
        {
            var arms = new Dictionary<string, SavedArm>(StringComparer.Ordinal);
            for (var i = 0; i < _arms.Length; i++)
                arms[_arms[i]] = new SavedArm(_sampler.Pulls[i], _rewardSums[i], _rewardSquares[i], Interlocked.Read(ref _routed[i]));
            return JsonSerializer.Serialize(new SavedState(arms, _leader));
        }
    }

    public void RestoreState(string state)
    {
        SavedState? saved;
        try
        {
            saved = JsonSerializer.Deserialize<SavedState>(state);
        }
        catch (JsonException e)
        {
            throw GyreException.InvalidParameter($"Saved bandit state '{state}' is not readable: {e.Message}");
        }
        if (saved?.Arms is null) throw GyreException.InvalidParameter($"Saved bandit state '{state}' has no arms.");
        foreach (var (name, arm) in saved.Arms)
        {
            if (!_index.ContainsKey(name)) throw GyreException.InvalidParameter($"Saved bandit state names arm '{name}', which this deployment does not have.");
            if (arm.Rewards < 0 || !double.IsFinite(arm.RewardSum) || !double.IsFinite(arm.RewardSquares))
                throw GyreException.InvalidParameter($"Saved bandit state for arm '{name}' is not valid.");
        }
        lock (_gate)
        {
            if (_sampler.Pulls.Sum() > 0) throw GyreException.InvalidState("A bandit that has already learnt cannot be restored from a checkpoint.");
            foreach (var (name, arm) in saved.Arms)
            {
                var i = _index[name];
                if (_sampler is GaussianThompsonSampler normal) normal.Restore(i, arm.Rewards, arm.RewardSum, arm.RewardSquares);
                else
                {
                    // Beta and epsilon-greedy keep only the count and the sum: replaying the mean reward rebuilds both exactly.
                    var mean = arm.Rewards == 0 ? 0 : arm.RewardSum / arm.Rewards;
                    for (var n = 0L; n < arm.Rewards; n++) _sampler.Update(i, mean);
                }
                _rewardSums[i] = arm.RewardSum;
                _rewardSquares[i] = arm.RewardSquares;
                _routed[i] = arm.Routed;
            }
            _leader = saved.Leader is { } leader && _index.ContainsKey(leader) ? leader : null;
            _shares = ComputeShares();
        }
    }

    private sealed record SavedArm(long Rewards, double RewardSum, double RewardSquares, long Routed);

    private sealed record SavedState(Dictionary<string, SavedArm> Arms, string? Leader);

    /// <summary>Posterior mean reward per arm; null for an epsilon-greedy arm without rewards (no prior there).</summary>
    private double?[] PosteriorMeans()
    {
        var means = new double?[_arms.Length];
        for (var i = 0; i < _arms.Length; i++)
        {
            means[i] = _sampler switch
            {
                ThompsonSampler beta => beta.Posterior(i) is var (a, b) ? a / (a + b) : null,
                GaussianThompsonSampler normal => normal.Posterior(i).Mean,
                EpsilonGreedySampler greedy => greedy.Pulls[i] == 0 ? null : greedy.MeanReward(i),
                _ => null,
            };
        }
        return means;
    }

    private string? LeaderOf(double?[] means)
    {
        string? leader = null;
        var best = double.NegativeInfinity;
        for (var i = 0; i < _arms.Length; i++)
        {
            if (means[i] is { } mean && mean > best)
            {
                best = mean;
                leader = _arms[i];
            }
        }
        return leader;
    }

    /// <summary>Each arm's probability of being chosen by the next request.</summary>
    private Dictionary<string, double> ComputeShares()
    {
        var shares = new double[_arms.Length];
        switch (_sampler)
        {
            case EpsilonGreedySampler greedy:
                {
                    // Greedy picks among untried arms first, else among the arms with the best mean.
                    var untried = Enumerable.Range(0, _arms.Length).Where(i => greedy.Pulls[i] == 0).ToArray();
                    var best = untried.Length > 0 ? untried : BestByMean(greedy);
                    for (var i = 0; i < shares.Length; i++)
                        shares[i] = Options.Epsilon / _arms.Length + (best.Contains(i) ? (1 - Options.Epsilon) / best.Length : 0);
                    break;
                }
            default:
                {
                    var draws = new double[_arms.Length];
                    for (var draw = 0; draw < Options.ShareDraws; draw++)
                    {
                        for (var i = 0; i < _arms.Length; i++) draws[i] = Draw(i);
                        var winner = 0;
                        for (var i = 1; i < draws.Length; i++)
                        {
                            if (draws[i] > draws[winner]) winner = i;
                        }
                        shares[winner]++;
                    }
                    for (var i = 0; i < shares.Length; i++) shares[i] /= Options.ShareDraws;
                    break;
                }
        }
        return _arms.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => shares[p.i], StringComparer.Ordinal);
    }

    private double Draw(int arm) => _sampler switch
    {
        GaussianThompsonSampler normal => normal.Posterior(arm) is var (mean, variance) ? Normal.Sample(_shareRandom, mean, Math.Sqrt(variance)) : 0,
        ThompsonSampler beta => beta.Posterior(arm) is var (a, b) ? Beta.Sample(_shareRandom, a, b) : 0,
        _ => 0,
    };

    private int[] BestByMean(EpsilonGreedySampler greedy)
    {
        var best = Enumerable.Range(0, _arms.Length).Max(greedy.MeanReward);
        return Enumerable.Range(0, _arms.Length).Where(i => greedy.MeanReward(i) == best).ToArray();
    }

    private Dictionary<string, double> Evidence(double?[] means)
    {
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal) { ["total_rewards"] = _sampler.Pulls.Sum() };
        for (var i = 0; i < _arms.Length; i++)
        {
            var arm = _arms[i];
            if (means[i] is { } mean) evidence[arm + ".posterior_mean"] = mean;
            evidence[arm + ".rewards"] = _sampler.Pulls[i];
            evidence[arm + ".reward_sum"] = _rewardSums[i];
            evidence[arm + ".routed"] = Interlocked.Read(ref _routed[i]);
            evidence[arm + ".share"] = _shares[arm];
        }
        return evidence;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
