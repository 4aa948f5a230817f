namespace Gyre.Serving.Feedback;

/// <summary>
/// Wants every accepted piece of feedback (rolling accuracy from labels, concept drift, reward dashboards).
/// Called on the feedback request's thread after the policy took it: must not block (queue work) and not throw.
/// </summary>
public interface IFeedbackObserver
{
    void OnFeedback(FeedbackReceived feedback);
}
