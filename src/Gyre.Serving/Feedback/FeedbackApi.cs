using Gyre.Serving.Deployments;

namespace Gyre.Serving.Feedback;

/// <summary>Plugs feedback into a host: the request-id index as a scoring observer and <c>POST /api/gyre/feedback</c>.</summary>
public static class FeedbackApi
{
    public static FeedbackService Attach(DeploymentHost host, FeedbackOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var index = new PredictionIndex(options, host.Time, name => TakesFeedback(host, name));
        host.AddObserver(index);
        var service = new FeedbackService(index, host.RecordFeedback, host.Time);
        host.AddEndpoints(routes => routes.MapFeedback(service));
        return service;
    }

    /// <summary>
    /// Whether a deployment's requests are kept for feedback: those whose policy learns from rewards (bandit,
    /// ab), whose monitoring scores labels (monitoring.feedback), or that ask for it (policy setting
    /// "feedback": true). Others skip the index: keeping every request for a day costs a plain
    /// deployment memory and garbage-collector time on its hot path for nothing.
    /// </summary>
    public static bool TakesFeedback(DeploymentHost host, string deployment)
    {
        if (!host.TryGet(deployment, out var found)) return false;
        var spec = found.Current.Spec;
        if (spec.Policy.Kind is "bandit" or "ab" || spec.Monitoring?.Feedback is not null) return true;
        return spec.Policy.Settings.ValueKind == System.Text.Json.JsonValueKind.Object
            && spec.Policy.Settings.TryGetProperty("feedback", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
    }
}
