using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.Shadow;

/// <summary>How predictions of the primary and a mirror are judged equal.</summary>
public enum ShadowComparison
{
    /// <summary>Labels when both values are whole numbers, scores otherwise.</summary>
    Auto,

    /// <summary>Class labels: equal or not.</summary>
    Label,

    /// <summary>Scores: equal when |primary - mirror| &lt;= tolerance.</summary>
    Score,
}

/// <summary>What the paired t-test compares, one pair per request (latency) or per row (prediction).</summary>
public enum ShadowMetric
{
    /// <summary>The first output per row, primary against mirror.</summary>
    Prediction,

    /// <summary>Per-request latency in milliseconds, primary against mirror.</summary>
    Latency,
}

/// <summary>Settings of the shadow policy (<c>{"kind": "shadow", "settings": {...}}</c>).</summary>
public sealed record ShadowOptions
{
    internal static readonly string[] Known =
    [
        "primary", "candidates", "mirror_fraction", "compare", "tolerance", "metric", "report_interval_seconds",
        "max_pending", "pending_timeout_seconds", "max_pairs", "seed",
    ];

    /// <summary>The variant whose answer every caller gets (default: the first variant).</summary>
    public required string Primary { get; init; }

    /// <summary>The variants that score a mirrored copy (default: every other variant).</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    /// <summary>Fraction of requests mirrored, in [0, 1] (default 1).</summary>
    public double MirrorFraction { get; init; } = 1;

    public ShadowComparison Compare { get; init; } = ShadowComparison.Auto;

    /// <summary>Largest |primary - mirror| at which two scores agree (default 1e-6).</summary>
    public double Tolerance { get; init; } = 1e-6;

    public ShadowMetric Metric { get; init; } = ShadowMetric.Prediction;

    /// <summary>How often a "shadow_report" event is emitted while new pairs arrive (default 60 s).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most requests waiting for their primary or mirror answers (default 10 000); the oldest are dropped beyond.</summary>
    public int MaxPending { get; init; } = 10_000;

    /// <summary>How long a request waits for its other answers before it is dropped as unpaired (default 30 s).</summary>
    public TimeSpan PendingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most recent pairs per candidate kept for the paired t-test (default 10 000).</summary>
    public int MaxPairs { get; init; } = 10_000;

    /// <summary>Seed for the mirror-fraction draws (reproducible tests); none = shared random.</summary>
    public int? Seed { get; init; }

    public static ShadowOptions Parse(PolicySpec spec, IReadOnlyList<string> variants)
    {
        if (variants.Count < 2)
            throw GyreException.InvalidParameter(
                $"The shadow policy needs a primary and at least one candidate variant; the deployment has {variants.Count}.");
        var settings = new PolicySettings("shadow", spec.Settings, Known);
        var primary = settings.Variant("primary", variants, variants[0]);
        var candidates = settings.VariantList("candidates", variants) ?? variants.Where(v => v != primary).ToArray();
        if (candidates.Contains(primary, StringComparer.Ordinal))
            throw GyreException.InvalidParameter($"The shadow policy's primary '{primary}' cannot also be a candidate.");
        if (candidates.Count == 0) throw GyreException.InvalidParameter("The shadow policy's 'candidates' must name at least one variant.");
        return new ShadowOptions
        {
            Primary = primary,
            Candidates = candidates,
            MirrorFraction = settings.Double("mirror_fraction", 1, 0, 1),
            Compare = settings.Choice("compare", "auto", "auto", "label", "score") switch
            {
                "label" => ShadowComparison.Label,
                "score" => ShadowComparison.Score,
                _ => ShadowComparison.Auto,
            },
            Tolerance = settings.Double("tolerance", 1e-6, 0),
            Metric = settings.Choice("metric", "prediction", "prediction", "latency") == "latency" ? ShadowMetric.Latency : ShadowMetric.Prediction,
            ReportInterval = TimeSpan.FromSeconds(settings.Double("report_interval_seconds", 60, 0.001)),
            MaxPending = settings.Int("max_pending", 10_000, 1),
            PendingTimeout = TimeSpan.FromSeconds(settings.Double("pending_timeout_seconds", 30, 0.001)),
            MaxPairs = settings.Int("max_pairs", 10_000, 2),
            Seed = settings.OptionalInt("seed"),
        };
    }
}
