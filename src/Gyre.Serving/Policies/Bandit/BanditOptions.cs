using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Bandit;

public enum BanditAlgorithm
{
    /// <summary>Thompson sampling: each request goes to the arm with the largest draw from its posterior.</summary>
    Thompson,

    /// <summary>The best mean reward so far, except a random arm with probability epsilon.</summary>
    EpsilonGreedy,
}

public enum BanditReward
{
    /// <summary>Rewards in [0, 1] (conversions); Beta posteriors.</summary>
    Bernoulli,

    /// <summary>Any finite reward (revenue, rating); normal posteriors of the mean.</summary>
    Gaussian,
}

/// <summary>Settings of the bandit policy (<c>{"kind": "bandit", "settings": {...}}</c>).</summary>
public sealed record BanditOptions
{
    internal static readonly string[] Known =
    [
        "algorithm", "reward", "epsilon", "prior_alpha", "prior_beta", "prior_mean", "prior_variance", "seed",
        "min_rewards_to_shift", "share_draws",
    ];

    public BanditAlgorithm Algorithm { get; init; } = BanditAlgorithm.Thompson;

    /// <summary>The reward model of Thompson sampling (epsilon-greedy takes any finite reward).</summary>
    public BanditReward Reward { get; init; } = BanditReward.Bernoulli;

    /// <summary>Exploration probability of epsilon-greedy (default 0.1).</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Beta prior of Bernoulli Thompson sampling (default 1, 1: uniform).</summary>
    public double PriorAlpha { get; init; } = 1;

    public double PriorBeta { get; init; } = 1;

    /// <summary>Normal prior of Gaussian Thompson sampling on an arm's mean reward (default N(0, 1)).</summary>
    public double PriorMean { get; init; }

    public double PriorVariance { get; init; } = 1;

    /// <summary>Seed for arm choices and share estimates (reproducible tests); none = a fresh seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Rewards needed in total before a change of the leading arm is reported (default 20).</summary>
    public int MinRewardsToShift { get; init; } = 20;

    /// <summary>Posterior draws used to estimate Thompson sampling's allocation per arm (default 2000).</summary>
    public int ShareDraws { get; init; } = 2000;

    public static BanditOptions Parse(PolicySpec spec, IReadOnlyList<string> variants)
    {
        if (variants.Count < 2)
            throw GyreException.InvalidParameter($"The bandit policy needs at least two arms (variants); the deployment has {variants.Count}.");
        var settings = new PolicySettings("bandit", spec.Settings, Known);
        var algorithm = settings.Choice("algorithm", "thompson", "thompson", "epsilon_greedy") == "thompson"
            ? BanditAlgorithm.Thompson : BanditAlgorithm.EpsilonGreedy;
        if (algorithm == BanditAlgorithm.EpsilonGreedy && settings.Has("reward"))
            throw GyreException.InvalidParameter("The bandit policy's setting 'reward' applies to Thompson sampling only; epsilon_greedy takes any finite reward.");
        return new BanditOptions
        {
            Algorithm = algorithm,
            Reward = settings.Choice("reward", "bernoulli", "bernoulli", "gaussian") == "gaussian" ? BanditReward.Gaussian : BanditReward.Bernoulli,
            Epsilon = settings.Double("epsilon", 0.1, 0, 1),
            PriorAlpha = settings.Double("prior_alpha", 1, double.Epsilon),
            PriorBeta = settings.Double("prior_beta", 1, double.Epsilon),
            PriorMean = settings.Double("prior_mean", 0),
            PriorVariance = settings.Double("prior_variance", 1, double.Epsilon),
            Seed = settings.OptionalInt("seed"),
            MinRewardsToShift = settings.Int("min_rewards_to_shift", 20, 0),
            ShareDraws = settings.Int("share_draws", 2000, 100, 1_000_000),
        };
    }
}
