using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Policies.Basic;
using static Gyre.Serving.Tests.Deployments.PolicyTestKit;

namespace Gyre.Serving.Tests.Deployments;

public class BasicPolicyTests
{
    [Fact]
    public void Built_in_policies_are_registered_with_the_factory()
    {
        Assert.Subset(TrafficPolicyFactory.Kinds.ToHashSet(), new HashSet<string> { "single", "split", "canary", "blue_green" });
    }

    [Fact]
    public void Unknown_policy_and_bad_settings_name_the_problem()
    {
        var unknown = Assert.Throws<GyreException>(() => Create("nope", "{}", TimeProvider.System, "a"));
        Assert.Contains("Unknown traffic policy 'nope'", unknown.Message);
        Assert.Contains("canary", unknown.Message);

        var typo = Assert.Throws<GyreException>(() => Create("split", """{"weigths": {"a": 1}}""", TimeProvider.System, "a", "b"));
        Assert.Contains("Unknown setting 'weigths' for the split policy", typo.Message);
        Assert.Contains("known: key_field, key_header, salt, weights", typo.Message);
        var variant = Assert.Throws<GyreException>(() => Create("split", """{"weights": {"c": 1}}""", TimeProvider.System, "a", "b"));
        Assert.Contains("variant 'c'", variant.Message);
        var stages = Assert.Throws<GyreException>(() => Create("canary", """{"stages": [5, 1, 100]}""", TimeProvider.System, "a", "b"));
        Assert.Contains("stages", stages.Message);
        var lonely = Assert.Throws<GyreException>(() => Create("canary", "{}", TimeProvider.System, "a"));
        Assert.Contains("two variants", lonely.Message);
        Assert.All([unknown, typo, variant, stages, lonely], e => Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code));
    }

    [Fact]
    public void Single_sends_everything_to_its_variant_unless_overridden()
    {
        var policy = Create("single", """{"variant": "b"}""", TimeProvider.System, "a", "b");
        Assert.Equal("b", policy.Route(new RouteContext("1", null, null)).Primary);
        Assert.Equal("a", policy.Route(new RouteContext("2", null, "a")).Primary);
        Assert.Equal(1.0, policy.Shares["b"]);
        Assert.Same(policy.Route(new RouteContext("3", null, null)), policy.Route(new RouteContext("4", null, null)));
    }

    [Fact]
    public void Split_matches_its_weights_and_sticky_keys_always_land_on_the_same_variant()
    {
        var policy = Create("split", """{"weights": {"a": 80, "b": 20}}""", TimeProvider.System, "a", "b");
        Assert.Equal(0.8, policy.Shares["a"], 12);
        var counts = Serve(policy, 20_000, new Random(3), _ => false);
        // Binomial(20000, 0.2): sd ≈ 57; 5 sd either side.
        Assert.InRange(counts["b"], 4000 - 285, 4000 + 285);

        for (var user = 0; user < 200; user++)
        {
            var first = policy.Route(new RouteContext("x", $"user-{user}", null)).Primary;
            for (var again = 0; again < 5; again++) Assert.Equal(first, policy.Route(new RouteContext($"y{again}", $"user-{user}", null)).Primary);
        }
        Assert.Equal("b", policy.Route(new RouteContext("z", "user-1", "b")).Primary);
    }

    [Fact]
    public void Canary_advances_through_its_stages_and_is_promoted_when_healthy()
    {
        var clock = new ManualTimeProvider(Start);
        var policy = (CanaryPolicy)Create("canary", """{"baseline": "blue", "candidate": "green", "stages": [10, 50, 100], "hold_seconds": 30, "min_requests": 20, "latency_slo_ms": 0}""",
            clock, "blue", "green");
        var random = new Random(5);
        var kinds = new List<string>();
        var percents = new List<double>();
        for (var round = 0; round < 20 && policy.State == Gyre.Serving.Rollouts.RolloutState.Progressing; round++)
        {
            percents.Add(policy.CandidatePercent);
            Serve(policy, 500, random, _ => false);
            clock.Advance(TimeSpan.FromSeconds(31));
            kinds.AddRange(policy.Evaluate(clock.GetUtcNow()).Select(e => e.Kind));
        }
        Assert.Equal(["advanced", "advanced", "promoted"], kinds);
        Assert.Equal([10.0, 50, 100], percents.Distinct());
        Assert.Equal(1.0, policy.Shares["green"]);
        Assert.Equal("green", policy.Route(new RouteContext("after", null, null)).Primary);
        Assert.Equal("blue", policy.Route(new RouteContext("forced", null, "blue")).Primary);
    }

    [Fact]
    public void Canary_whose_candidate_fails_is_rolled_back_with_the_evidence()
    {
        var clock = new ManualTimeProvider(Start);
        var policy = Create("canary", """{"stages": [20, 100], "hold_seconds": 60, "epsilon": 0.01}""", clock, "blue", "green");
        var random = new Random(9);
        DeploymentEvent? rollback = null;
        for (var round = 0; round < 50 && rollback is null; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var decision = policy.Route(new RouteContext($"r{round}-{i}", null, null));
                var failed = decision.Primary == "green" && random.NextDouble() < 0.05;
                policy.RecordOutcome(new VariantOutcome("r", decision.Primary, false, !failed, TimeSpan.FromMilliseconds(1), null));
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            rollback = policy.Evaluate(clock.GetUtcNow()).SingleOrDefault();
        }
        Assert.NotNull(rollback);
        Assert.Equal("rolled_back", rollback.Kind);
        Assert.True(rollback.Evidence["candidate_errors"] > 0);
        Assert.Contains("sprt_llr", rollback.Evidence.Keys);
        Assert.Equal(1.0, rollback.SharesAfter["blue"]);
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal("blue", policy.Route(new RouteContext($"after{i}", null, null)).Primary));
        Assert.Empty(policy.Evaluate(clock.GetUtcNow()));
    }

    [Fact]
    public void Canary_checkpoint_resumes_at_the_saved_stage()
    {
        var clock = new ManualTimeProvider(Start);
        const string settings = """{"stages": [1, 5, 25, 100], "hold_seconds": 10, "min_requests": 1, "latency_slo_ms": 0}""";
        var policy = (CanaryPolicy)Create("canary", settings, clock, "a", "b");
        for (var advance = 0; advance < 2; advance++)
        {
            for (var i = 0; i < 400; i++) policy.RecordOutcome(new VariantOutcome("r", i % 4 == 0 ? "b" : "a", false, true, TimeSpan.FromMilliseconds(1), null));
            clock.Advance(TimeSpan.FromSeconds(11));
            Assert.Equal("advanced", Assert.Single(policy.Evaluate(clock.GetUtcNow())).Kind);
        }
        Assert.Equal(25, policy.CandidatePercent);

        var resumed = (CanaryPolicy)Create("canary", settings, clock, "a", "b");
        resumed.RestoreState(policy.SaveState());
        Assert.Equal(2, resumed.Stage);
        Assert.Equal(25, resumed.CandidatePercent);
        Assert.Equal(0.75, resumed.Shares["a"], 12);

        Assert.Equal("promoted", Assert.Single(resumed.Act("promote", null, clock.GetUtcNow())).Kind);
        var finished = (CanaryPolicy)Create("canary", settings, clock, "a", "b");
        finished.RestoreState(resumed.SaveState());
        Assert.Equal(100, finished.CandidatePercent);
        Assert.Equal(ErrorCode.INVALID_STATE, Assert.Throws<GyreException>(() => finished.Act("rollback", null, clock.GetUtcNow())).Code);
    }

    [Fact]
    public void Blue_green_switches_by_hand_and_switches_back_by_itself_when_the_new_side_fails()
    {
        var clock = new ManualTimeProvider(Start);
        var policy = (BlueGreenPolicy)Create("blue_green", """{"active": "blue", "max_error_rate": 0.1, "min_requests": 50}""", clock, "blue", "green");
        Assert.Equal("blue", policy.Route(new RouteContext("1", null, null)).Primary);
        Assert.Equal(1.0, policy.Shares["blue"]);

        var switched = Assert.Single(policy.Act("switch", null, clock.GetUtcNow()));
        Assert.Equal("switched", switched.Kind);
        Assert.Equal(1.0, switched.SharesAfter["green"]);
        Assert.Equal("green", policy.Route(new RouteContext("2", null, null)).Primary);

        // 49 requests, all failing: not enough to judge yet.
        for (var i = 0; i < 49; i++) policy.RecordOutcome(new VariantOutcome("r", "green", false, false, TimeSpan.Zero, null));
        Assert.Empty(policy.Evaluate(clock.GetUtcNow()));
        policy.RecordOutcome(new VariantOutcome("r", "green", false, false, TimeSpan.Zero, null));
        var back = Assert.Single(policy.Evaluate(clock.GetUtcNow()));
        Assert.Equal("switched", back.Kind);
        Assert.Equal(1.0, back.Evidence["error_rate"]);
        Assert.Equal(0.1, back.Evidence["max_error_rate"]);
        Assert.Equal("blue", policy.Active);

        var saved = policy.SaveState();
        policy.Act("switch", "green", clock.GetUtcNow());
        var restored = (BlueGreenPolicy)Create("blue_green", "{}", clock, "blue", "green");
        restored.RestoreState(saved);
        Assert.Equal("blue", restored.Active);
        Assert.Equal(ErrorCode.INVALID_STATE, Assert.Throws<GyreException>(() => restored.Act("switch", "blue", clock.GetUtcNow())).Code);
    }

    [Fact]
    public void Blue_green_healthy_switch_stays()
    {
        var clock = new ManualTimeProvider(Start);
        var policy = (BlueGreenPolicy)Create("blue_green", """{"max_error_rate": 0.1}""", clock, "blue", "green");
        policy.Act("switch", null, clock.GetUtcNow());
        for (var i = 0; i < 500; i++) policy.RecordOutcome(new VariantOutcome("r", "green", false, i % 50 != 0, TimeSpan.Zero, null));
        Assert.Empty(policy.Evaluate(clock.GetUtcNow()));
        Assert.Equal("green", policy.Active);
    }
}
