using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>Plugs feedback into a host: the request-id index as a scoring observer and <c>POST /api/gyre/feedback</c>.</summary>
public static class FeedbackApi
{
    public static FeedbackService Attach(DeploymentHost host, FeedbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var index = new PredictionIndex(options, host.Time);
        host.AddObserver(index);
        var service = new FeedbackService(index, host.RecordFeedback, host.Time);
        host.AddEndpoints(routes => routes.MapFeedback(service));
        return service;
    }
}
