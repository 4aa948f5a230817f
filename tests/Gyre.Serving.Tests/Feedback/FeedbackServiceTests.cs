using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Feedback;
using Gyre.Serving.Policies.Bandit;
using Gyre.Serving.Tests.Policies;
using static Gyre.Serving.Tests.Feedback.FeedbackTestData;

namespace Gyre.Serving.Tests.Feedback;

public class FeedbackServiceTests
{
    private sealed class CollectingObserver : IFeedbackObserver
    {
        public List<FeedbackReceived> Received { get; } = [];

        public void OnFeedback(FeedbackReceived feedback)
        {
            lock (Received) Received.Add(feedback);
        }
    }

    private readonly ManualTimeProvider _clock = new(Start);
    private readonly PredictionIndex _index;
    private readonly BanditPolicy _bandit;
    private readonly FeedbackService _service;
    private readonly CollectingObserver _observer = new();

    public FeedbackServiceTests()
    {
        _index = new PredictionIndex(time: _clock);
        _bandit = BanditPolicy.Create(PolicySpecs.Of("bandit", """{"seed": 1}"""), ["blue", "green"], _clock);
        _service = new FeedbackService(_index, name => name == "churn" ? _bandit : null, _clock);
        _service.AddObserver(_observer);
    }

    [Fact]
    public void ARewardReachesThePolicyOfTheVariantThatAnswered()
    {
        _index.OnScored(Scored("r1", "green", Start, labels: [1]));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var result = _service.Submit([new FeedbackItem("r1", 1, null)]);

        Assert.Equal(1, result.Accepted);
        Assert.Empty(result.Rejected);
        Assert.Equal(1L, PolicySpecs.Get<long>(_bandit.Status(), "arms", "green", "rewards"));
        Assert.Equal(0L, PolicySpecs.Get<long>(_bandit.Status(), "arms", "blue", "rewards"));
        var seen = Assert.Single(_observer.Received);
        Assert.Equal("green", seen.Variant);
        Assert.Equal(Start, seen.PredictedAt);
        Assert.Equal(Start.AddMinutes(3), seen.ReceivedAt);
    }

    [Fact]
    public void ALabelReachesObserversWithThePredictionItJudges()
    {
        _index.OnScored(Scored("r1", "blue", Start, labels: [0, 1]));
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", null, "1")]).Accepted);
        var seen = Assert.Single(_observer.Received);
        Assert.Equal("1", seen.Label);
        Assert.Null(seen.Reward);
        Assert.Equal(["0", "1"], seen.PredictedLabels());
    }

    [Fact]
    public void UnknownIdsAndTheWrongDeploymentAreNotFound()
    {
        _index.OnScored(Scored("r1", "blue", Start));
        var result = _service.Submit([new FeedbackItem("nope", 1, null), new FeedbackItem("r1", 1, null, "fraud")]);
        Assert.Equal(0, result.Accepted);
        Assert.All(result.Rejected, r => Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, r.Code));
        Assert.Contains("'nope' is unknown or expired", result.Rejected[0].Message);
        Assert.Contains("served by deployment 'churn', not 'fraud'", result.Rejected[1].Message);
        Assert.Empty(_observer.Received);
    }

    [Fact]
    public void ExpiredIdsAreNotFound()
    {
        _index.OnScored(Scored("r1", "blue", Start));
        _clock.Advance(TimeSpan.FromHours(25));
        var rejection = Assert.Single(_service.Submit([new FeedbackItem("r1", 1, null)]).Rejected);
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, rejection.Code);
    }

    [Fact]
    public void ARequestTakesOneRewardAndOneLabel()
    {
        _index.OnScored(Scored("r1", "blue", Start));
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", 1, null)]).Accepted);
        var repeat = Assert.Single(_service.Submit([new FeedbackItem("r1", 0, null)]).Rejected);
        Assert.Equal(ErrorCode.RESOURCE_ALREADY_EXISTS, repeat.Code);
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", null, "yes")]).Accepted);
        Assert.Single(_service.Submit([new FeedbackItem("r1", null, "no")]).Rejected);
        Assert.Equal(1L, PolicySpecs.Get<long>(_bandit.Status(), "total_rewards"));
    }

    [Fact]
    public void AValueThePolicyRefusesIsRejectedAndACorrectedOneIsTaken()
    {
        _index.OnScored(Scored("r1", "blue", Start));
        var refused = Assert.Single(_service.Submit([new FeedbackItem("r1", 7, null)]).Rejected);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, refused.Code);
        Assert.Contains("outside [0, 1]", refused.Message);
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", 1, null)]).Accepted);
    }

    [Fact]
    public void FeedbackForADeletedDeploymentStillReachesObservers()
    {
        _index.OnScored(Scored("r1", "blue", Start, deployment: "retired"));
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", null, "1")]).Accepted);
        Assert.Equal("retired", Assert.Single(_observer.Received).Deployment);
    }
}
