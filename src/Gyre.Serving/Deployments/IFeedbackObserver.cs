namespace Gyre.Serving.Deployments;

/// <summary>
/// Sees every piece of feedback (a delayed label or a reward) after it reached the deployment's policy:
/// rolling accuracy and concept-drift detectors hang here. Called on the request thread: must not block.
/// </summary>
public interface IFeedbackObserver
{
    void OnFeedback(string deployment, in FeedbackRecord feedback);
}
