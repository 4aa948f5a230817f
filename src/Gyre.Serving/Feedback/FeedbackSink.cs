using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>
/// Where accepted feedback goes: <see cref="DeploymentHost.RecordFeedback"/> (the deployment's policy, then every
/// <see cref="IFeedbackObserver"/>). False when the deployment no longer exists.
/// </summary>
public delegate bool FeedbackSink(string deployment, in FeedbackRecord feedback);
