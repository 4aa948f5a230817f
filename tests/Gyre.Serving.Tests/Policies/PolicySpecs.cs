using System.Text.Json;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Tests.Policies;

internal static class PolicySpecs
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static PolicySpec Of(string kind, string settingsJson = "{}") =>
        new(kind, JsonDocument.Parse(settingsJson).RootElement.Clone());

    public static VariantOutcome Served(string requestId, string variant, double latencyMs = 2, bool ok = true, params double[] prediction) =>
        new(requestId, variant, false, ok, TimeSpan.FromMilliseconds(latencyMs), ok ? prediction : null);

    public static VariantOutcome Mirror(string requestId, string variant, double latencyMs = 2, bool ok = true, params double[] prediction) =>
        new(requestId, variant, true, ok, TimeSpan.FromMilliseconds(latencyMs), ok ? prediction : null);

    public static T Get<T>(IReadOnlyDictionary<string, object?> status, params string[] path)
    {
        object? current = status;
        foreach (var key in path) current = ((IReadOnlyDictionary<string, object?>)current!)[key];
        return (T)current!;
    }
}
