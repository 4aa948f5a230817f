using System.Text.Json;

namespace Gyre.Serving.Deployments;

/// <summary>
/// What a deployment is, as the API takes it and the tracking store keeps it: an endpoint name, the model
/// versions behind it (variants), the traffic policy that shares requests among them, and optionally how it
/// is monitored (reference data, drift windows, SLOs, alert sinks; null: RED metrics only), how requests are
/// batched (for every variant that does not say otherwise; null: not batched) and whether repeated inputs are
/// answered from a prediction cache (null: no cache).
/// </summary>
public sealed record DeploymentSpec(
    string Name, IReadOnlyList<VariantSpec> Variants, PolicySpec Policy, Gyre.Serving.Observability.MonitoringSpec? Monitoring = null,
    Gyre.Serving.Batching.BatchingOptions? Batching = null, Gyre.Serving.Caching.PredictionCacheOptions? Cache = null);

/// <summary>
/// One model version behind a deployment. <paramref name="ModelUri"/> is <c>models:/name/3</c>,
/// <c>models:/name@alias</c>, <c>models:/name/Production</c>, or a path to a model file or MLflow model folder.
/// <paramref name="Batching"/>, when set, overrides the deployment's batching for this variant.
/// </summary>
public sealed record VariantSpec(string Name, string ModelUri, Gyre.Serving.Batching.BatchingOptions? Batching = null);

/// <summary>
/// A traffic policy by kind (<c>single</c>, <c>split</c>, <c>canary</c>, <c>blue_green</c>, <c>shadow</c>,
/// <c>ab</c>, <c>bandit</c>) with its kind-specific settings as JSON (an object; may be empty).
/// </summary>
public sealed record PolicySpec(string Kind, JsonElement Settings);
