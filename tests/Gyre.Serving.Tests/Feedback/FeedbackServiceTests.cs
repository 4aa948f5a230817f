using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Feedback;
using Gyre.Serving.Policies.Bandit;
using Gyre.Serving.Tests.Policies;
using static Gyre.Serving.Tests.Feedback.FeedbackTestData;

namespace Gyre.Serving.Tests.Feedback;

public class FeedbackServiceTests
{
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly PredictionIndex _index;
    private readonly BanditPolicy _bandit;
    private readonly FeedbackService _service;
    private readonly List<(string Deployment, FeedbackRecord Feedback)> _delivered = [];

    public FeedbackServiceTests()
    {
        _index = new PredictionIndex(time: _clock);
        _bandit = BanditPolicy.Create(PolicySpecs.Of("bandit", """{"seed": 1}"""), ["blue", "green"], _clock);
        // What the host does: the deployment's policy first, then the feedback observers; false for no deployment.
        _service = new FeedbackService(_index, (string deployment, in FeedbackRecord feedback) =>
        {
            if (deployment != "churn") return false;
            _bandit.RecordFeedback(feedback);
            _delivered.Add((deployment, feedback));
            return true;
        }, _clock);
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
        var (deployment, seen) = Assert.Single(_delivered);
        Assert.Equal("churn", deployment);
        Assert.Equal("green", seen.Variant);
        Assert.Equal("r1", seen.RequestId);
        Assert.Equal(Start.AddMinutes(3), seen.Timestamp);
    }

    [Fact]
    public void ALabelIsDeliveredWithTheVariantThatAnswered()
    {
        _index.OnScored(Scored("r1", "blue", Start, labels: [0, 1]));
        Assert.Equal(1, _service.Submit([new FeedbackItem("r1", null, "1")]).Accepted);
        var seen = Assert.Single(_delivered).Feedback;
        Assert.Equal("1", seen.Label);
        Assert.Null(seen.Reward);
        Assert.Equal("blue", seen.Variant);
        Assert.Equal(0L, PolicySpecs.Get<long>(_bandit.Status(), "total_rewards")); // a label is no reward
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
        Assert.Empty(_delivered);
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
    public void FeedbackForADeletedDeploymentIsNotFound()
    {
        _index.OnScored(Scored("r1", "blue", Start, deployment: "retired"));
        var rejection = Assert.Single(_service.Submit([new FeedbackItem("r1", null, "1")]).Rejected);
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, rejection.Code);
        Assert.Contains("Deployment 'retired', which served request id 'r1', no longer exists", rejection.Message);
    }
}
