using Gyre.Core.Errors;
using Gyre.Serving.Rollouts;

namespace Gyre.Serving.Tests.Rollouts;

public class CanaryControllerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Serves one minute of traffic split by the controller's current share.</summary>
    private static void ServeMinute(CanaryController canary, ManualTimeProvider clock, Random random, double candidateFailureRate,
        TimeSpan? candidateLatency = null, int requests = 2000)
    {
        for (var i = 0; i < requests; i++)
        {
            var toCandidate = random.NextDouble() * 100 < canary.CandidatePercent;
            var fails = toCandidate && random.NextDouble() < candidateFailureRate;
            canary.RecordRequest(toCandidate, !fails, toCandidate ? candidateLatency ?? TimeSpan.FromMilliseconds(2) : TimeSpan.FromMilliseconds(2));
        }
        clock.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void AHealthyCandidateWalksEveryStageToPromotion()
    {
        var clock = new ManualTimeProvider(Start);
        var canary = new CanaryController(new CanaryOptions { HoldTime = TimeSpan.FromMinutes(5) }, clock);
        var random = new Random(1);
        var percents = new List<double>();
        for (var minute = 0; minute < 120 && canary.State == RolloutState.Progressing; minute++)
        {
            percents.Add(canary.CandidatePercent);
            ServeMinute(canary, clock, random, candidateFailureRate: 0);
            canary.Evaluate();
        }

        Assert.Equal(RolloutState.Promoted, canary.State);
        Assert.Equal(100, canary.CandidatePercent);
        Assert.Equal([1.0, 5, 25, 100], percents.Distinct());
        Assert.Equal(["started", "advanced", "advanced", "advanced", "promoted"], canary.Events.Select(e => e.Decision));
    }

    [Fact]
    public void ACandidateFailingFivePercentIsRolledBackWithEvidence()
    {
        var clock = new ManualTimeProvider(Start);
        var canary = new CanaryController(new CanaryOptions(), clock);
        var random = new Random(2);
        for (var minute = 0; minute < 60 && canary.State == RolloutState.Progressing; minute++)
        {
            ServeMinute(canary, clock, random, candidateFailureRate: 0.05);
            canary.Evaluate();
        }

        Assert.Equal(RolloutState.RolledBack, canary.State);
        Assert.Equal(0, canary.CandidatePercent);
        var rollback = canary.Events[^1];
        Assert.Equal("rolled_back", rollback.Decision);
        Assert.Equal(0, rollback.Stage); // caught at the 1 % stage: the bad version never saw more traffic
        Assert.True(rollback.Evidence["candidate_errors"] > 0);
        Assert.True(rollback.Evidence.ContainsKey("sprt_llr"));
        Assert.Null(canary.Evaluate()); // a finished rollout takes no more decisions
    }

    [Fact]
    public void ASlowCandidateBreaksTheLatencySlo()
    {
        var clock = new ManualTimeProvider(Start);
        var canary = new CanaryController(new CanaryOptions { LatencySlo = TimeSpan.FromMilliseconds(100) }, clock);
        var random = new Random(3);
        for (var minute = 0; minute < 10 && canary.State == RolloutState.Progressing; minute++)
        {
            ServeMinute(canary, clock, random, candidateFailureRate: 0, candidateLatency: TimeSpan.FromMilliseconds(400));
            canary.Evaluate();
        }

        Assert.Equal(RolloutState.RolledBack, canary.State);
        Assert.Contains("p99 latency", canary.Events[^1].Reason);
        Assert.True(canary.Events[^1].Evidence["candidate_p99_seconds"] > 0.1);
    }

    [Fact]
    public void NoStageAdvancesBeforeItsHoldTimeOrWithTooFewRequests()
    {
        var clock = new ManualTimeProvider(Start);
        var canary = new CanaryController(new CanaryOptions { HoldTime = TimeSpan.FromMinutes(10), MinRequestsPerStage = 100 }, clock);
        for (var i = 0; i < 1000; i++) canary.RecordRequest(true, true, TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(canary.Evaluate());
        Assert.Equal(1, canary.CandidatePercent);

        var quiet = new CanaryController(new CanaryOptions { HoldTime = TimeSpan.FromMinutes(1), MinRequestsPerStage = 100 }, clock);
        for (var i = 0; i < 99; i++) quiet.RecordRequest(true, true, TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(quiet.Evaluate());
        quiet.RecordRequest(true, true, TimeSpan.FromMilliseconds(1));
        Assert.Equal("advanced", quiet.Evaluate()!.Decision);
    }

    [Fact]
    public void AbortSendsTrafficBackAndIsRecorded()
    {
        var canary = new CanaryController();
        var aborted = canary.Abort("operator request");
        Assert.Equal(RolloutState.RolledBack, canary.State);
        Assert.Equal("aborted: operator request", aborted.Reason);
        Assert.Throws<GyreException>(() => canary.Abort("again"));
    }

    [Theory]
    [InlineData(new double[] { 5, 1, 100 })]
    [InlineData(new double[] { 1, 5, 50 })]
    [InlineData(new double[] { 0, 100 })]
    public void StagesMustRiseToOneHundred(double[] stages)
    {
        Assert.Throws<GyreException>(() => new CanaryController(new CanaryOptions { StagePercents = stages }));
    }
}
