using System.Globalization;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>
/// Takes feedback by request id: finds who answered in the <see cref="PredictionIndex"/> and hands the reward or
/// label, attributed to that variant, to the sink: the host passes it to the deployment's traffic policy (bandits
/// learn from it, A/B tests compare it) and then to every <see cref="IFeedbackObserver"/> (rolling accuracy).
/// A request takes one reward and one label; a repeat is rejected so that a retried delivery does not count twice.
/// </summary>
public sealed class FeedbackService
{
    private readonly FeedbackSink _sink;
    private readonly TimeProvider _time;

    /// <param name="index">The index the host feeds as an <see cref="IScoringObserver"/>.</param>
    /// <param name="sink">Where accepted feedback goes, normally <see cref="DeploymentHost.RecordFeedback"/>.</param>
    public FeedbackService(PredictionIndex index, FeedbackSink sink, TimeProvider? time = null)
    {
        Index = index;
        _sink = sink;
        _time = time ?? TimeProvider.System;
    }

    public PredictionIndex Index { get; }

    public FeedbackResult Submit(IReadOnlyList<FeedbackItem> items)
    {
        var accepted = 0;
        List<FeedbackRejection>? rejected = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (Take(items[i]) is { } error) (rejected ??= []).Add(new FeedbackRejection(i, items[i].RequestId, error.Code, error.Message));
            else accepted++;
        }
        return new FeedbackResult(accepted, rejected ?? (IReadOnlyList<FeedbackRejection>)[]);
    }

    private GyreException? Take(FeedbackItem item)
    {
        if (!Index.TryGet(item.RequestId, out var entry))
            return GyreException.NotFound(string.Create(CultureInfo.InvariantCulture,
                $"Request id '{item.RequestId}' is unknown or expired: feedback is taken for the last {Index.Options.MaxEntries} served requests, for up to {Index.Options.MaxAge.TotalHours:0.##} h after they were scored, of deployments that take feedback (policy bandit or ab, a monitoring.feedback section, or the policy setting \"feedback\": true)."));
        if (item.Deployment is { } deployment && deployment != entry.Deployment)
            return GyreException.NotFound($"Request id '{item.RequestId}' was served by deployment '{entry.Deployment}', not '{deployment}'.");

        var reward = item.Reward is not null;
        var label = item.Label is not null;
        if (reward && !entry.ClaimReward())
            return GyreException.AlreadyExists($"A reward for request id '{item.RequestId}' was already recorded; a request takes one reward.");
        if (label && !entry.ClaimLabel())
        {
            if (reward) entry.ReleaseReward();
            return GyreException.AlreadyExists($"A label for request id '{item.RequestId}' was already recorded; a request takes one label.");
        }

        var now = _time.GetUtcNow();
        GyreException? refused = null;
        try
        {
            if (!_sink(entry.Deployment, new FeedbackRecord(item.RequestId, entry.Variant, item.Reward, item.Label, now)))
                refused = GyreException.NotFound($"Deployment '{entry.Deployment}', which served request id '{item.RequestId}', no longer exists.");
        }
        catch (GyreException error)
        {
            // The policy refused it (e.g. a reward outside a Bernoulli bandit's [0, 1]).
            refused = error;
        }
        if (refused is null) return null;
        // Leave room for a corrected value.
        if (reward) entry.ReleaseReward();
        if (label) entry.ReleaseLabel();
        return refused;
    }
}
