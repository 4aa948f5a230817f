namespace Gyre.Serving.Deployments;

/// <summary>
/// A decision about a deployment, automatic or made by a person, with the evidence behind it: what was
/// decided, why, the numbers (counts, statistic, threshold) and the traffic shares afterwards.
/// Kinds used: created, updated, swapped, advanced, promoted, rolled_back, switched, shifted, alert.
/// </summary>
public sealed record DeploymentEvent(
    DateTimeOffset Timestamp,
    string Deployment,
    string Kind,
    string Reason,
    IReadOnlyDictionary<string, double> Evidence,
    IReadOnlyDictionary<string, double> SharesAfter);
