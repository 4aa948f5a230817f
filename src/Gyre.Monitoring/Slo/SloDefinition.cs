using Gyre.Core.Errors;

namespace Gyre.Monitoring.Slo;

/// <summary>
/// A service-level objective: the share of good events to keep over a rolling window, e.g. 99.9 % of
/// requests succeed over 30 days, or 99 % answer within 50 ms.
/// </summary>
public sealed record SloDefinition
{
    public SloDefinition(string name, SloKind kind, double objective, TimeSpan window, TimeSpan? latencyThreshold = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw GyreException.InvalidParameter("An SLO needs a name.");
        if (!(objective > 0 && objective < 1))
            throw GyreException.InvalidParameter($"SLO '{name}': objective must be between 0 and 1 exclusive (e.g. 0.999), got {objective}.");
        if (window < TimeSpan.FromMinutes(1) || window > TimeSpan.FromDays(90))
            throw GyreException.InvalidParameter($"SLO '{name}': window must be between 1 minute and 90 days, got {window}.");
        if (kind == SloKind.Latency && latencyThreshold is not { TotalMilliseconds: > 0 })
            throw GyreException.InvalidParameter($"SLO '{name}': a latency objective needs a positive latency threshold.");
        Name = name;
        Kind = kind;
        Objective = objective;
        Window = window;
        LatencyThreshold = latencyThreshold;
    }

    public string Name { get; }

    public SloKind Kind { get; }

    public double Objective { get; }

    public TimeSpan Window { get; }

    public TimeSpan? LatencyThreshold { get; }

    /// <summary>The share of events allowed to be bad: 1 - objective.</summary>
    public double ErrorBudget => 1 - Objective;

    /// <summary>Whether a request with this outcome and latency counts as good for this objective.</summary>
    public bool IsGood(bool succeeded, TimeSpan latency) => Kind switch
    {
        SloKind.Availability => succeeded,
        _ => succeeded && latency <= LatencyThreshold!.Value,
    };
}
