using Gyre.Core.Errors;
using Gyre.Serving.Batching;
using Gyre.Serving.Caching;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Everything a request needs, frozen: the spec, the loaded variants and the policy. An update builds a
/// new snapshot and swaps it in with one reference write; requests in flight finish on the one they read.
/// </summary>
public sealed class DeploymentSnapshot
{
    private readonly Dictionary<string, LoadedVariant> _byName;

    private readonly Dictionary<LoadedVariant, ModelBatcher>? _batchers;

    internal DeploymentSnapshot(DeploymentSpec spec, IReadOnlyList<LoadedVariant> variants, ITrafficPolicy policy, long generation,
        Dictionary<LoadedVariant, ModelBatcher>? batchers = null, PredictionCache? cache = null)
    {
        _batchers = batchers is { Count: > 0 } ? batchers : null;
        Cache = cache;
        Spec = spec;
        Variants = variants;
        Policy = policy;
        Generation = generation;
        _byName = variants.ToDictionary(v => v.Name, StringComparer.Ordinal);
        // Read once here so the request path does not parse settings.
        StickyHeader = Setting("key_header") ?? "x-gyre-key";
        StickyField = Setting("key_field");
        Single = variants.Count == 1 ? variants[0] : null;
    }

    public DeploymentSpec Spec { get; }

    public IReadOnlyList<LoadedVariant> Variants { get; }

    public ITrafficPolicy Policy { get; }

    /// <summary>Counts updates of the deployment; a new snapshot has a higher generation.</summary>
    public long Generation { get; }

    /// <summary>The request header whose value is the sticky key.</summary>
    public string StickyHeader { get; }

    /// <summary>The request column whose first value is the sticky key when the header is absent, if set.</summary>
    public string? StickyField { get; }

    /// <summary>The one variant of a single-variant deployment (its fast path), else null.</summary>
    internal LoadedVariant? Single { get; }

    /// <summary>The deployment's prediction cache, when it has one.</summary>
    internal PredictionCache? Cache { get; }

    /// <summary>The variant's batcher when it batches, else null (one field read when nobody batches).</summary>
    internal ModelBatcher? BatcherOf(LoadedVariant variant) =>
        _batchers is null ? null : _batchers.GetValueOrDefault(variant);

    internal IEnumerable<KeyValuePair<LoadedVariant, ModelBatcher>> Batchers => _batchers ?? [];

    /// <summary>The batching a variant runs with: its own setting, else the deployment's; null when it does not batch.</summary>
    public static BatchingOptions? EffectiveBatching(DeploymentSpec spec, string variant)
    {
        var options = spec.Variants.FirstOrDefault(v => v.Name == variant)?.Batching ?? spec.Batching;
        return options is { Enabled: true } ? options : null;
    }

    public bool TryGetVariant(string name, out LoadedVariant variant) => _byName.TryGetValue(name, out variant!);

    public LoadedVariant Variant(string name) =>
        _byName.TryGetValue(name, out var variant) ? variant
        : throw new GyreException(ErrorCode.INTERNAL_ERROR, $"Policy '{Policy.Kind}' routed to unknown variant '{name}'.");

    /// <summary>Routes a request, checking an <c>x-gyre-variant</c> override names a variant of this deployment.</summary>
    public RouteDecision Route(in RouteContext request)
    {
        if (request.VariantOverride is { } forced && !_byName.ContainsKey(forced))
            throw GyreException.InvalidParameter(
                $"Header x-gyre-variant names '{forced}', which is not a variant of deployment '{Spec.Name}' ({string.Join(", ", _byName.Keys)}).");
        return Policy.Route(request);
    }

    private string? Setting(string name) =>
        Spec.Policy.Settings.ValueKind == System.Text.Json.JsonValueKind.Object
        && Spec.Policy.Settings.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString()
            : null;
}
