using System.Text.Json;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Tests.Deployments;

/// <summary>Builds policies from JSON settings and drives them with synthetic traffic.</summary>
internal static class PolicyTestKit
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static PolicySpec Spec(string kind, string settings = "{}")
    {
        using var document = JsonDocument.Parse(settings);
        return new PolicySpec(kind, document.RootElement.Clone());
    }

    public static ITrafficPolicy Create(string kind, string settings, TimeProvider time, params string[] variants) =>
        TrafficPolicyFactory.Create(Spec(kind, settings), variants, time);

    /// <summary>Routes <paramref name="requests"/> requests and reports outcomes; the candidate fails at the given rate.</summary>
    public static Dictionary<string, int> Serve(ITrafficPolicy policy, int requests, Random random, Func<string, bool> fails, string? stickyPrefix = null)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            var id = $"r{i}";
            var decision = policy.Route(new RouteContext(id, stickyPrefix is null ? null : stickyPrefix + i, null));
            counts[decision.Primary] = counts.GetValueOrDefault(decision.Primary) + 1;
            var failed = fails(decision.Primary);
            policy.RecordOutcome(new VariantOutcome(id, decision.Primary, false, !failed, TimeSpan.FromMilliseconds(2), null));
        }
        return counts;
    }
}
