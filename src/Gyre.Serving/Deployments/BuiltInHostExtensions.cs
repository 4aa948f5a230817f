namespace Gyre.Serving.Deployments;

/// <summary>
/// Pieces that plug into every <see cref="DeploymentHost"/> when it starts (feedback API, prediction log,
/// drift windows, ...): each area adds one line here calling its own attach method, which may register
/// observers (<see cref="DeploymentHost.AddObserver"/>, <see cref="DeploymentHost.AddFeedbackObserver"/>)
/// and endpoints (<see cref="DeploymentHost.AddEndpoints"/>).
/// </summary>
internal static class BuiltInHostExtensions
{
    public static void AttachAll(DeploymentHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Feedback.FeedbackApi.Attach(host);
        Observability.MonitoringHostExtension.Attach(host);
    }
}
