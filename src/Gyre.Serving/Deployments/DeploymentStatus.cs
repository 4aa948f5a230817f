namespace Gyre.Serving.Deployments;

/// <summary>A deployment's state for the API and the CLI: the policy's view, shares and per-variant counts.</summary>
public sealed record DeploymentStatus(
    string Name,
    string PolicyKind,
    long Generation,
    IReadOnlyDictionary<string, double> Shares,
    IReadOnlyDictionary<string, object?> Policy,
    IReadOnlyList<VariantStatus> Variants);

/// <summary>One variant's model and counts since it was loaded.</summary>
public sealed record VariantStatus(string Name, string ModelUri, string Version, string Format, long Requests, long Errors, double MeanLatencyMs);
