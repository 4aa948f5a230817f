using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Basic;

/// <summary>
/// One ready-made <see cref="RouteDecision"/> per variant, so routing allocates nothing, and the
/// <c>x-gyre-variant</c> override every policy honours.
/// </summary>
internal sealed class VariantRoutes
{
    private readonly Dictionary<string, RouteDecision> _decisions;

    public VariantRoutes(IReadOnlyList<string> variants)
    {
        Names = variants;
        _decisions = new Dictionary<string, RouteDecision>(variants.Count, StringComparer.Ordinal);
        foreach (var v in variants) _decisions[v] = RouteDecision.To(v);
    }

    public IReadOnlyList<string> Names { get; }

    public RouteDecision To(string variant) => _decisions[variant];

    /// <summary>The decision the override forces, or null when there is no override (or it names no variant).</summary>
    public RouteDecision? Override(in RouteContext request) =>
        request.VariantOverride is { } forced && _decisions.TryGetValue(forced, out var decision) ? decision : null;

    /// <summary>A number in [0, 1): the sticky key's stable hash when there is one, else a random draw.</summary>
    public static double Unit(in RouteContext request, string salt) =>
        request.StickyKey is { } key ? Routing.StableHash.UnitInterval(key, salt) : Random.Shared.NextDouble();
}
