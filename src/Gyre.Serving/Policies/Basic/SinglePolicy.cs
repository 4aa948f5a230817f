using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// <c>single</c>: every request goes to one variant (setting <c>variant</c>, default the first). What
/// <c>gyre serve --model</c> runs; routing costs one dictionary-free field read.
/// </summary>
public sealed class SinglePolicy : ITrafficPolicy
{
    public const string KindName = "single";
    private readonly VariantRoutes _routes;
    private readonly RouteDecision _decision;

    private SinglePolicy(VariantRoutes routes, string variant)
    {
        _routes = routes;
        Variant = variant;
        _decision = routes.To(variant);
        Shares = routes.Names.ToDictionary(v => v, v => v == variant ? 1.0 : 0.0, StringComparer.Ordinal);
    }

    public static ITrafficPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time)
    {
        var settings = PolicySettings.Of(spec, "variant");
        return new SinglePolicy(new VariantRoutes(variants), settings.Variant("variant", variants, variants[0]));
    }

    public string Kind => KindName;

    /// <summary>The variant that answers.</summary>
    public string Variant { get; }

    public IReadOnlyDictionary<string, double> Shares { get; }

    public RouteDecision Route(in RouteContext request) =>
        request.VariantOverride is null ? _decision : _routes.Override(request) ?? _decision;

    public void RecordOutcome(in VariantOutcome outcome)
    {
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now) => [];

    public IReadOnlyDictionary<string, object?> Status() => new Dictionary<string, object?> { ["variant"] = Variant };
}
