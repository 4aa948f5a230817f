using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Policies.Bandit;
using static Gyre.Serving.Tests.Policies.PolicySpecs;

namespace Gyre.Serving.Tests.Policies;

public class BanditPolicyTests
{
    private static BanditPolicy Create(string settings, params string[] variants) =>
        BanditPolicy.Create(Of("bandit", settings), variants.Length == 0 ? ["a", "b", "c"] : variants, TimeProvider.System);

    /// <summary>Serves requests, rewarding each at once from the arm's true rate; returns how many went to each arm.</summary>
    private static Dictionary<string, int> Play(BanditPolicy bandit, Func<string, Random, double> reward, int requests, Random random, int from = 0)
    {
        var routed = new Dictionary<string, int>();
        for (var i = from; i < from + requests; i++)
        {
            var arm = bandit.Route(new RouteContext($"r{i}", null, null)).Primary;
            routed[arm] = routed.GetValueOrDefault(arm) + 1;
            bandit.RecordFeedback(new FeedbackRecord($"r{i}", arm, reward(arm, random), null, Start));
            if (i % 100 == 0) bandit.Evaluate(Start);
        }
        return routed;
    }

    private static double Bernoulli(string arm, Random random) =>
        random.NextDouble() < arm switch { "a" => 0.05, "b" => 0.10, _ => 0.20 } ? 1 : 0;

    [Fact]
    public void ThompsonSamplingMovesMostTrafficToTheBestArm()
    {
        var bandit = Create("""{"seed": 1}""");
        var random = new Random(2);
        Play(bandit, Bernoulli, 3000, random);
        var late = Play(bandit, Bernoulli, 1000, random, from: 3000);

        Assert.True(late.GetValueOrDefault("c") > 800, $"late traffic: {string.Join(", ", late)}");
        bandit.Evaluate(Start);
        Assert.Equal("c", bandit.Leader);
        Assert.True(bandit.Shares["c"] > 0.8, $"shares: {string.Join(", ", bandit.Shares)}");
        Assert.Equal(1.0, bandit.Shares.Values.Sum(), 9);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRun()
    {
        var first = Create("""{"seed": 42}""");
        var second = Create("""{"seed": 42}""");
        var firstRun = Play(first, Bernoulli, 500, new Random(3));
        var secondRun = Play(second, Bernoulli, 500, new Random(3));
        Assert.Equal(firstRun.OrderBy(p => p.Key), secondRun.OrderBy(p => p.Key));
    }

    [Fact]
    public void GaussianThompsonSamplingFindsTheArmWithTheHighestMeanReward()
    {
        var bandit = Create("""{"reward": "gaussian", "seed": 4, "prior_variance": 100}""", "low", "high");
        double Revenue(string arm, Random random) => (arm == "high" ? 12 : 10) + 3 * (random.NextDouble() - 0.5) * 2;
        var random = new Random(5);
        Play(bandit, Revenue, 500, random);
        var late = Play(bandit, Revenue, 500, random, from: 500);
        Assert.True(late.GetValueOrDefault("high") > 450, $"late traffic: {string.Join(", ", late)}");
        bandit.Evaluate(Start);
        Assert.Equal("high", bandit.Leader);
        var mean = Get<double?>(bandit.Status(), "arms", "high", "posterior_mean")!.Value;
        Assert.InRange(mean, 11.5, 12.5);
    }

    [Fact]
    public void EpsilonGreedyExploitsTheBestArmAndExploresEpsilon()
    {
        var bandit = Create("""{"algorithm": "epsilon_greedy", "epsilon": 0.1, "seed": 6}""", "a", "c");
        var random = new Random(7);
        Play(bandit, Bernoulli, 2000, random);
        var late = Play(bandit, Bernoulli, 4000, random, from: 2000);
        bandit.Evaluate(Start);
        Assert.Equal(0.95, bandit.Shares["c"], 12); // 0.9 exploit + 0.1 / 2 explore
        Assert.Equal(0.05, bandit.Shares["a"], 12);
        // Binomial(4000, 0.05): sd = 13.8; 5 sd either side.
        Assert.InRange(late.GetValueOrDefault("a"), 200 - 69, 200 + 69);
    }

    [Fact]
    public void AChangeOfLeaderIsAShiftedEventWithThePosteriorsAsEvidence()
    {
        var bandit = Create("""{"seed": 8, "min_rewards_to_shift": 20}""", "a", "b");
        Assert.Empty(bandit.Evaluate(Start)); // no rewards yet
        for (var i = 0; i < 30; i++) bandit.RecordFeedback(new FeedbackRecord($"a{i}", "a", 1, null, Start));
        for (var i = 0; i < 30; i++) bandit.RecordFeedback(new FeedbackRecord($"b{i}", "b", 0, null, Start));
        var first = Assert.Single(bandit.Evaluate(Start));
        Assert.Equal("shifted", first.Kind);
        Assert.Contains("arm 'a' leads", first.Reason);
        Assert.Equal(31.0 / 32, first.Evidence["a.posterior_mean"], 12);
        Assert.Equal(30, first.Evidence["b.rewards"]);
        Assert.Empty(bandit.Evaluate(Start)); // same leader: nothing new

        for (var i = 0; i < 200; i++)
        {
            bandit.RecordFeedback(new FeedbackRecord($"a2{i}", "a", 0, null, Start));
            bandit.RecordFeedback(new FeedbackRecord($"b2{i}", "b", 1, null, Start));
        }
        var second = Assert.Single(bandit.Evaluate(Start));
        Assert.Contains("arm 'b' overtook 'a'", second.Reason);
        Assert.True(second.SharesAfter["b"] > 0.99);
    }

    [Theory]
    [InlineData("""{"seed": 9}""")]
    [InlineData("""{"seed": 9, "reward": "gaussian"}""")]
    [InlineData("""{"seed": 9, "algorithm": "epsilon_greedy"}""")]
    public void ARestartResumesFromTheCheckpointedRewards(string settings)
    {
        var before = Create(settings);
        Play(before, Bernoulli, 600, new Random(10));
        before.Evaluate(Start);
        var after = Create(settings);
        after.RestoreState(before.SaveState());

        Assert.Equal(before.Leader, after.Leader);
        var was = before.Status();
        var now = after.Status();
        Assert.Equal(Get<long>(was, "total_rewards"), Get<long>(now, "total_rewards"));
        foreach (var arm in new[] { "a", "b", "c" })
        {
            Assert.Equal(Get<long>(was, "arms", arm, "rewards"), Get<long>(now, "arms", arm, "rewards"));
            Assert.Equal(Get<long>(was, "arms", arm, "routed"), Get<long>(now, "arms", arm, "routed"));
            Assert.Equal(Get<double?>(was, "arms", arm, "posterior_mean")!.Value, Get<double?>(now, "arms", arm, "posterior_mean")!.Value, 9);
        }
        Assert.Throws<GyreException>(() => after.RestoreState(before.SaveState())); // it has learnt already
    }

    [Fact]
    public void ABernoulliBanditRejectsRewardsOutsideZeroToOne()
    {
        var bandit = Create("{}", "a", "b");
        var error = Assert.Throws<GyreException>(() => bandit.RecordFeedback(new FeedbackRecord("r1", "a", 5, null, Start)));
        Assert.Contains("outside [0, 1]", error.Message);
        Assert.Equal(0L, Get<long>(bandit.Status(), "total_rewards"));
    }

    [Fact]
    public void LabelsAndUnknownVariantsDoNotFeedTheBandit()
    {
        var bandit = Create("{}", "a", "b");
        bandit.RecordFeedback(new FeedbackRecord("r1", "a", null, "1", Start));
        bandit.RecordFeedback(new FeedbackRecord("r2", "gone", 1, null, Start));
        Assert.Equal(0L, Get<long>(bandit.Status(), "total_rewards"));
    }

    [Fact]
    public void TheOverrideHeaderForcesAnArm()
    {
        var bandit = Create("""{"seed": 1}""", "a", "b");
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal("b", bandit.Route(new RouteContext($"r{i}", null, "b")).Primary));
    }

    [Theory]
    [InlineData("""{"algorithm": "ucb"}""", "expected one of: thompson, epsilon_greedy")]
    [InlineData("""{"algorithm": "epsilon_greedy", "reward": "gaussian"}""", "applies to Thompson sampling only")]
    [InlineData("""{"epsilon": 1.5}""", "'epsilon' is 1.5")]
    [InlineData("""{"prior_alpha": 0}""", "'prior_alpha' is 0")]
    public void BadSettingsAreRejectedWithAClearMessage(string settings, string message)
    {
        var error = Assert.Throws<GyreException>(() => Create(settings));
        Assert.Contains(message, error.Message);
    }
}
