using System.Globalization;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>
/// Takes feedback by request id: finds who answered in the <see cref="PredictionIndex"/>, hands the reward or
/// label to that deployment's traffic policy (bandits learn from it, A/B tests compare it) and then to every
/// <see cref="IFeedbackObserver"/>. A request takes one reward and one label; a repeat is rejected so that a
/// retried delivery does not count twice.
/// </summary>
public sealed class FeedbackService
{
    private readonly Func<string, ITrafficPolicy?> _policyOf;
    private readonly TimeProvider _time;
    private readonly Lock _observersGate = new();
    private IFeedbackObserver[] _observers = [];

    /// <param name="index">The index the host feeds as an <see cref="IScoringObserver"/>.</param>
    /// <param name="policyOf">The current traffic policy of a deployment by name; null when it no longer exists.</param>
    public FeedbackService(PredictionIndex index, Func<string, ITrafficPolicy?> policyOf, TimeProvider? time = null)
    {
        Index = index;
        _policyOf = policyOf;
        _time = time ?? TimeProvider.System;
    }

    public PredictionIndex Index { get; }

    public void AddObserver(IFeedbackObserver observer)
    {
        lock (_observersGate) _observers = [.. _observers, observer];
    }

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
                $"Request id '{item.RequestId}' is unknown or expired: feedback is taken for the last {Index.Options.MaxEntries} served requests, for up to {Index.Options.MaxAge.TotalHours:0.##} h after they were scored."));
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
        try
        {
            _policyOf(entry.Deployment)?.RecordFeedback(new FeedbackRecord(item.RequestId, entry.Variant, item.Reward, item.Label, now));
        }
        catch (GyreException error)
        {
            // The policy refused it (e.g. a reward outside a Bernoulli bandit's [0, 1]): leave room for a corrected one.
            if (reward) entry.ReleaseReward();
            if (label) entry.ReleaseLabel();
            return error;
        }

        var received = new FeedbackReceived(item.RequestId, entry.Deployment, entry.Variant, entry.ModelVersion, item.Reward, item.Label,
            entry.Outputs, entry.Timestamp, now);
        foreach (var observer in Volatile.Read(ref _observers)) observer.OnFeedback(received);
        return null;
    }
}
