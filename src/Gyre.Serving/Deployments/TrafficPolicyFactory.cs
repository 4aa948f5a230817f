using Gyre.Core.Errors;

namespace Gyre.Serving.Deployments;

/// <summary>Builds a policy from its spec. Each policy kind registers one builder here.</summary>
public static class TrafficPolicyFactory
{
    /// <summary>Builds a policy over the given variant names (in spec order); throws INVALID_PARAMETER_VALUE on bad settings.</summary>
    public delegate ITrafficPolicy Builder(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider time);

    private static readonly Dictionary<string, Builder> Builders = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    static TrafficPolicyFactory()
    {
        BuiltInPolicies.RegisterAll();
    }

    public static void Register(string kind, Builder builder)
    {
        lock (Gate) Builders[kind] = builder;
    }

    public static IReadOnlyCollection<string> Kinds
    {
        get { lock (Gate) return Builders.Keys.Order(StringComparer.Ordinal).ToArray(); }
    }

    public static ITrafficPolicy Create(PolicySpec spec, IReadOnlyList<string> variants, TimeProvider? time = null)
    {
        Builder? builder;
        lock (Gate) Builders.TryGetValue(spec.Kind, out builder);
        if (builder is null)
            throw GyreException.InvalidParameter(
                $"Unknown traffic policy '{spec.Kind}'; known: {string.Join(", ", Kinds)}.");
        return builder(spec, variants, time ?? TimeProvider.System);
    }
}
