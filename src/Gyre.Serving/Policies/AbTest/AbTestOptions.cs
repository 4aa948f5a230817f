using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Policies.AbTest;

/// <summary>Settings of the sticky A/B policy (<c>{"kind": "ab", "settings": {...}}</c>).</summary>
public sealed record AbTestOptions
{
    /// <summary>The header that carries the sticky key unless settings name another.</summary>
    public const string DefaultKeyHeader = "x-gyre-key";

    internal static readonly string[] Known =
    [
        "weights", "salt", "key_header", "key_field", "control", "guardrails", "stop_on_breach", "seed", "max_samples",
    ];

    private static readonly string[] KnownGuardrails = ["max_error_rate", "max_p99_ms", "min_requests"];

    /// <summary>Share of traffic per arm (default: equal).</summary>
    public required IReadOnlyDictionary<string, double> Weights { get; init; }

    /// <summary>Salts the key hash so that different experiments assign independently.</summary>
    public required string Salt { get; init; }

    /// <summary>Request header holding the sticky key (default x-gyre-key).</summary>
    public string KeyHeader { get; init; } = DefaultKeyHeader;

    /// <summary>A top-level JSON field of the request body holding the sticky key, used when the header is absent.</summary>
    public string? KeyField { get; init; }

    /// <summary>The arm the others are tested against (default: the first variant).</summary>
    public required string Control { get; init; }

    /// <summary>Largest error rate an arm may show before it breaks its guardrail; none = unchecked.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>Largest p99 latency an arm may show before it breaks its guardrail; none = unchecked.</summary>
    public TimeSpan? MaxP99Latency { get; init; }

    /// <summary>Requests an arm must have served before its guardrails are judged (default 100).</summary>
    public int MinRequests { get; init; } = 100;

    /// <summary>Stop sending traffic to an arm that breaks a guardrail (default true); false = only emit the event.</summary>
    public bool StopOnBreach { get; init; } = true;

    /// <summary>Seed for the random picks of keyless requests (reproducible tests); none = shared random.</summary>
    public int? Seed { get; init; }

    /// <summary>Most recent rewards per arm kept for the Welch t-test (default 100 000).</summary>
    public int MaxSamples { get; init; } = 100_000;

    public static AbTestOptions Parse(PolicySpec spec, IReadOnlyList<string> variants)
    {
        if (variants.Count < 2)
            throw GyreException.InvalidParameter($"The ab policy needs at least two variants to compare; the deployment has {variants.Count}.");
        var settings = new PolicySettings("ab", spec.Settings, Known);
        var guardrails = settings.Section("guardrails", KnownGuardrails);
        var p99 = guardrails.OptionalDouble("max_p99_ms", 0);
        return new AbTestOptions
        {
            Weights = settings.Weights("weights", variants) ?? variants.ToDictionary(v => v, _ => 1.0, StringComparer.Ordinal),
            Salt = settings.String("salt") ?? "ab/" + string.Join("/", variants),
            KeyHeader = settings.String("key_header") ?? DefaultKeyHeader,
            KeyField = settings.String("key_field"),
            Control = settings.Variant("control", variants, variants[0]),
            MaxErrorRate = guardrails.OptionalDouble("max_error_rate", 0, 1),
            MaxP99Latency = p99 is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            MinRequests = guardrails.Int("min_requests", 100, 1),
            StopOnBreach = settings.Bool("stop_on_breach", true),
            Seed = settings.OptionalInt("seed"),
            MaxSamples = settings.Int("max_samples", 100_000, 2),
        };
    }
}
