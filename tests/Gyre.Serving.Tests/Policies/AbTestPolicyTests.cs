using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Policies.AbTest;
using Gyre.Stats.Categorical;
using static Gyre.Serving.Tests.Policies.PolicySpecs;

namespace Gyre.Serving.Tests.Policies;

public class AbTestPolicyTests
{
    private static AbTestPolicy Create(string settings = "{}", params string[] variants) =>
        AbTestPolicy.Create(Of("ab", settings), variants.Length == 0 ? ["a", "b"] : variants, TimeProvider.System);

    private static string Route(AbTestPolicy policy, string? key, string id = "r") => policy.Route(new RouteContext(id, key, null)).Primary;

    [Fact]
    public void TheSameKeyAlwaysGetsTheSameArmInEveryInstance()
    {
        var first = Create("""{"salt": "exp-42"}""");
        var second = Create("""{"salt": "exp-42"}""");
        for (var user = 0; user < 2000; user++)
        {
            var arm = Route(first, $"user-{user}");
            for (var repeat = 0; repeat < 3; repeat++) Assert.Equal(arm, Route(first, $"user-{user}"));
            Assert.Equal(arm, Route(second, $"user-{user}"));
        }
    }

    [Fact]
    public void KeyedAssignmentMatchesTheWeightsWithinAChiSquareBound()
    {
        var policy = Create("""{"weights": {"a": 5, "b": 3, "c": 2}, "salt": "s1"}""", "a", "b", "c");
        const int users = 30_000;
        var counts = new Dictionary<string, double> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var user = 0; user < users; user++) counts[Route(policy, $"u{user}")]++;
        var fit = ChiSquareTest.GoodnessOfFit([counts["a"], counts["b"], counts["c"]], [0.5 * users, 0.3 * users, 0.2 * users]);
        Assert.True(fit.PValue > 1e-4, $"counts {counts["a"]}/{counts["b"]}/{counts["c"]} do not fit 50/30/20 (p = {fit.PValue})");
        Assert.Equal(0.3, policy.Shares["b"], 12);
    }

    [Fact]
    public void RequestsWithoutAKeyAreSplitAtRandomByTheWeights()
    {
        var policy = Create("""{"weights": {"a": 9, "b": 1}, "seed": 11}""");
        const int requests = 20_000;
        var toB = Enumerable.Range(0, requests).Count(i => Route(policy, null) == "b");
        // Binomial(20000, 0.1): sd = 42.4; 5 sd either side.
        Assert.InRange(toB, 2000 - 212, 2000 + 212);
    }

    [Fact]
    public void DifferentSaltsAssignKeysIndependently()
    {
        var first = Create("""{"salt": "exp-1"}""");
        var second = Create("""{"salt": "exp-2"}""");
        var same = Enumerable.Range(0, 10_000).Count(u => Route(first, $"u{u}") == Route(second, $"u{u}"));
        Assert.InRange(same, 5000 - 250, 5000 + 250);
    }

    [Fact]
    public void AnArmBreakingTheErrorGuardrailIsStoppedAndOnlyItsKeysMove()
    {
        var policy = Create("""{"salt": "g", "guardrails": {"max_error_rate": 0.05, "min_requests": 200}}""");
        var before = Enumerable.Range(0, 2000).ToDictionary(u => $"u{u}", u => Route(policy, $"u{u}"));
        var random = new Random(5);
        for (var i = 0; i < 1000; i++)
        {
            var arm = Route(policy, null);
            policy.RecordOutcome(Served($"r{i}", arm, ok: arm == "a" || random.NextDouble() >= 0.2));
        }

        var breach = Assert.Single(policy.Evaluate(Start));
        Assert.Equal("guardrail_breached", breach.Kind);
        Assert.Contains("arm 'b'", breach.Reason);
        Assert.Contains("no more traffic", breach.Reason);
        Assert.Equal(0.05, breach.Evidence["max_error_rate"]);
        Assert.True(breach.Evidence["error_rate"] > 0.1);
        Assert.Equal(1, breach.Evidence["stopped"]);
        Assert.Equal(0.0, breach.SharesAfter["b"]);
        Assert.Equal(["b"], policy.StoppedArms);
        Assert.Empty(policy.Evaluate(Start)); // reported once

        foreach (var (key, arm) in before)
        {
            Assert.Equal("a", Route(policy, key)); // b's keys moved to a; a's keys stayed
            if (arm == "a") Assert.Equal("a", Route(policy, key));
        }
        Assert.All(Enumerable.Range(0, 500), _ => Assert.Equal("a", Route(policy, null)));
    }

    [Fact]
    public void WithThreeArmsAStoppedArmsKeysSpreadOverTheOthersWhileTheirKeysStay()
    {
        var policy = Create("""{"salt": "g3", "guardrails": {"max_p99_ms": 100, "min_requests": 50}}""", "a", "b", "c");
        var before = Enumerable.Range(0, 3000).ToDictionary(u => $"u{u}", u => Route(policy, $"u{u}"));
        for (var i = 0; i < 600; i++)
        {
            var arm = Route(policy, null);
            policy.RecordOutcome(Served($"r{i}", arm, latencyMs: arm == "c" ? 400 : 3));
        }
        var breach = Assert.Single(policy.Evaluate(Start));
        Assert.Contains("arm 'c' p99 latency", breach.Reason);
        Assert.Equal(100, breach.Evidence["max_p99_ms"]);

        var moved = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
        foreach (var (key, arm) in before)
        {
            var now = Route(policy, key);
            if (arm == "c") moved[now]++;
            else Assert.Equal(arm, now);
        }
        Assert.True(moved["a"] > 300 && moved["b"] > 300, $"c's keys went {moved["a"]} to a and {moved["b"]} to b");
    }

    [Fact]
    public void WithStopOnBreachOffTheArmIsOnlyReported()
    {
        var policy = Create("""{"stop_on_breach": false, "guardrails": {"max_error_rate": 0.01, "min_requests": 10}}""");
        for (var i = 0; i < 100; i++) policy.RecordOutcome(Served($"r{i}", "b", ok: i % 5 != 0));
        var breach = Assert.Single(policy.Evaluate(Start));
        Assert.Equal(0, breach.Evidence["stopped"]);
        Assert.Equal(0.5, policy.Shares["b"]);
        Assert.Empty(policy.StoppedArms);
    }

    [Fact]
    public void TheLastArmWithTrafficIsNeverStopped()
    {
        var policy = Create("""{"guardrails": {"max_error_rate": 0.01, "min_requests": 10}}""");
        for (var i = 0; i < 100; i++)
        {
            policy.RecordOutcome(Served($"a{i}", "a", ok: false));
            policy.RecordOutcome(Served($"b{i}", "b", ok: false));
        }
        var events = policy.Evaluate(Start);
        Assert.Equal(2, events.Count);
        Assert.Equal(["a"], policy.StoppedArms);
        Assert.Contains("last arm with traffic", events[1].Reason);
        Assert.Equal(1.0, policy.Shares["b"]);
    }

    [Fact]
    public void AStoppedArmStaysStoppedAfterARestart()
    {
        const string settings = """{"salt": "r", "guardrails": {"max_error_rate": 0.05, "min_requests": 50}}""";
        var before = Create(settings, "a", "b", "c");
        for (var i = 0; i < 100; i++) before.RecordOutcome(Served($"r{i}", "b", ok: i % 2 == 0));
        Assert.Single(before.Evaluate(Start));

        var after = Create(settings, "a", "b", "c");
        after.RestoreState(before.SaveState());
        Assert.Equal(["b"], after.StoppedArms);
        Assert.Equal(0.0, after.Shares["b"]);
        Assert.All(Enumerable.Range(0, 1000), u => Assert.Equal(Route(before, $"u{u}"), Route(after, $"u{u}")));
        for (var i = 0; i < 100; i++) after.RecordOutcome(Served($"s{i}", "b", ok: false));
        Assert.Empty(after.Evaluate(Start)); // the breach was reported before the restart

        var error = Assert.Throws<GyreException>(() => Create(settings).RestoreState("""{"breached": ["c"], "stopped": ["c"]}"""));
        Assert.Contains("arm 'c'", error.Message);
    }

    [Fact]
    public void ConversionsAreComparedWithATwoProportionZTest()
    {
        var policy = Create();
        var random = new Random(9);
        for (var i = 0; i < 2000; i++)
        {
            var arm = i % 2 == 0 ? "a" : "b";
            var converted = random.NextDouble() < (arm == "a" ? 0.10 : 0.16);
            policy.RecordFeedback(new FeedbackRecord($"r{i}", arm, converted ? 1 : 0, null, Start));
        }
        var status = policy.Status();
        Assert.Equal(1000L, Get<long>(status, "arms", "b", "rewards"));
        var conversionB = Get<double?>(status, "arms", "b", "conversion_rate")!.Value;
        Assert.InRange(conversionB, 0.12, 0.20);
        Assert.Equal("two_proportion_z", Get<string>(status, "comparisons", "b", "test"));
        Assert.True(Get<double>(status, "comparisons", "b", "p_value") < 0.01);
        Assert.True(Get<double>(status, "comparisons", "b", "statistic") > 0); // b converts more than the control a
    }

    [Fact]
    public void ContinuousRewardsAreComparedWithWelchsTTest()
    {
        var policy = Create();
        var random = new Random(10);
        for (var i = 0; i < 400; i++)
        {
            var arm = i % 2 == 0 ? "a" : "b";
            policy.RecordFeedback(new FeedbackRecord($"r{i}", arm, (arm == "a" ? 10 : 10.5) + random.NextDouble() * 2, null, Start));
        }
        var status = policy.Status();
        Assert.Equal("welch_t", Get<string>(status, "comparisons", "b", "test"));
        Assert.True(Get<double>(status, "comparisons", "b", "p_value") < 1e-3);
        Assert.Null(Get<long?>(status, "arms", "a", "conversions"));
    }

    [Fact]
    public void WithoutFeedbackTheComparisonSaysSoInsteadOfNaN()
    {
        var status = Create().Status();
        Assert.Equal("not enough rewards on both arms yet", Get<string>(status, "comparisons", "b", "note"));
        Assert.Null(Get<double?>(status, "comparisons", "b", "difference"));
    }

    [Fact]
    public void TheOverrideHeaderForcesAnArm()
    {
        var policy = Create("""{"weights": {"a": 1, "b": 0}}""");
        Assert.Equal("b", policy.Route(new RouteContext("r", "k", "b")).Primary);
        Assert.Equal("a", policy.Route(new RouteContext("r", "k", "unknown")).Primary);
    }

    [Theory]
    [InlineData("""{"weights": {"a": 1}}""", "gives no weight to variant(s) b")]
    [InlineData("""{"weights": {"a": 1, "b": -1}}""", "weights must be finite non-negative")]
    [InlineData("""{"guardrails": {"max_error": 0.1}}""", "Unknown setting 'guardrails.max_error'")]
    [InlineData("""{"guardrails": {"max_error_rate": 1.5}}""", "'guardrails.max_error_rate' is 1.5")]
    [InlineData("""{"control": "z"}""", "names variant 'z'")]
    public void BadSettingsAreRejectedWithAClearMessage(string settings, string message)
    {
        var error = Assert.Throws<GyreException>(() => Create(settings));
        Assert.Contains(message, error.Message);
    }
}
