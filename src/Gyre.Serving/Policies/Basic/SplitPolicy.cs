using Gyre.Serving.Deployments;
using Gyre.Serving.Routing;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// <c>split</c>: fixed weights per variant (setting <c>weights</c>, e.g. <c>{"a": 90, "b": 10}</c>; default
/// equal; unlisted variants get none). A request with a sticky key (header <c>x-gyre-key</c> or the
/// <c>key_header</c>/<c>key_field</c> settings) always lands on the same variant while the weights hold;
/// one without is routed at random. <c>salt</c> separates the hashing of different splits.
/// </summary>
public sealed class SplitPolicy : ITrafficPolicy
{
    public const string KindName = "split";
    private readonly VariantRoutes _routes;
    private readonly TrafficSplit _split;
    private readonly string _salt;

    private SplitPolicy(VariantRoutes routes, TrafficSplit split, string salt)
    {
        _routes = routes;
        _split = split;
        _salt = salt;
        Shares = routes.Names.ToDictionary(v => v, v => split.Shares.GetValueOrDefault(v), StringComparer.Ordinal);
    }

    public static ITrafficPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time)
    {
        var settings = PolicySettings.Of(spec, "weights", "salt");
        var weights = settings.Weights("weights", variants, everyVariant: false) ?? variants.ToDictionary(v => v, _ => 1.0, StringComparer.Ordinal);
        return new SplitPolicy(new VariantRoutes(variants), new TrafficSplit(weights), settings.Text("salt", "gyre"));
    }

    public string Kind => KindName;

    public IReadOnlyDictionary<string, double> Shares { get; }

    public RouteDecision Route(in RouteContext request) =>
        _routes.Override(request) ?? _routes.To(_split.Pick(VariantRoutes.Unit(request, _salt)));

    public void RecordOutcome(in VariantOutcome outcome)
    {
    }

    public void RecordFeedback(in FeedbackRecord feedback)
    {
    }

    public IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now) => [];

    public IReadOnlyDictionary<string, object?> Status() => new Dictionary<string, object?>
    {
        ["weights"] = Shares,
        ["salt"] = _salt,
    };
}
