namespace Gyre.Serving.Deployments;

/// <summary>
/// Decides, per request, which variant answers and which others get a mirrored copy, learns from what
/// happened (outcomes, feedback), and takes automatic decisions when evaluated (advance, roll back,
/// shift traffic), each recorded as a <see cref="DeploymentEvent"/> with its evidence.
/// Route, RecordOutcome and RecordFeedback are called concurrently from request threads: they must be
/// thread-safe and cheap. Evaluate is called by one background loop (about once a second) and on demand.
/// </summary>
public interface ITrafficPolicy
{
    /// <summary>The policy kind, as in <see cref="PolicySpec.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>Who answers this request (and who is mirrored). Honour <see cref="RouteContext.VariantOverride"/> when it names a variant.</summary>
    RouteDecision Route(in RouteContext request);

    /// <summary>After every scored request, served or mirrored.</summary>
    void RecordOutcome(in VariantOutcome outcome);

    /// <summary>Delayed labels or rewards reported through the feedback API, attributed to the variant that answered.</summary>
    void RecordFeedback(in FeedbackRecord feedback);

    /// <summary>Judges the evidence so far; returns the decisions taken now (empty when none).</summary>
    IReadOnlyList<DeploymentEvent> Evaluate(DateTimeOffset now);

    /// <summary>Each variant's current share of served traffic, summing to 1.</summary>
    IReadOnlyDictionary<string, double> Shares { get; }

    /// <summary>A JSON-friendly view of the policy's state (stage, counts, statistics) for the API and CLI.</summary>
    IReadOnlyDictionary<string, object?> Status();
}

/// <summary>What the router knows of a request: its id, its sticky key (header or field) and an override.</summary>
public readonly record struct RouteContext(string RequestId, string? StickyKey, string? VariantOverride);

/// <summary>The variant whose answer the caller gets, and the variants that score a mirrored copy.</summary>
public sealed record RouteDecision(string Primary, IReadOnlyList<string> Mirrors)
{
    public static RouteDecision To(string variant) => new(variant, []);
}

/// <summary>
/// How one variant did on one request. <paramref name="Prediction"/> is the first output per row as doubles
/// (class label or score) when the request succeeded, for shadow comparisons; null otherwise.
/// </summary>
public readonly record struct VariantOutcome(
    string RequestId, string Variant, bool Mirrored, bool Succeeded, TimeSpan Latency, ReadOnlyMemory<double>? Prediction);

/// <summary>A delayed label or a reward for a request, with the variant that answered it.</summary>
public readonly record struct FeedbackRecord(string RequestId, string Variant, double? Reward, string? Label, DateTimeOffset Timestamp);
