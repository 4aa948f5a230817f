namespace Gyre.Monitoring.Slo;

/// <summary>An SLO's state over its window: what happened, and how much error budget is left.</summary>
public sealed record SloStatus(
    string Name,
    double Objective,
    long GoodEvents,
    long BadEvents,
    double Compliance,
    double ErrorBudgetRemaining,
    IReadOnlyList<BurnRateAlert> Alerts)
{
    public long TotalEvents => GoodEvents + BadEvents;

    public bool IsMet => TotalEvents == 0 || Compliance >= Objective;
}

/// <summary>A firing burn-rate alert with its evidence: both windows' burn rates and the threshold.</summary>
public sealed record BurnRateAlert(
    string SloName,
    string Severity,
    TimeSpan LongWindow,
    double LongWindowBurnRate,
    TimeSpan ShortWindow,
    double ShortWindowBurnRate,
    double Threshold)
{
    public override string ToString() =>
        $"{Severity}: SLO '{SloName}' burning {LongWindowBurnRate:0.##}x over {LongWindow} and {ShortWindowBurnRate:0.##}x over {ShortWindow} (threshold {Threshold}x)";
}
