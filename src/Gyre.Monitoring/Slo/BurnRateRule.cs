namespace Gyre.Monitoring.Slo;

/// <summary>
/// A multi-window burn-rate alert: it fires when the budget burns faster than <see cref="Threshold"/>
/// times the sustainable rate over both the long window and the short one (the short one makes the
/// alert stop soon after the problem does).
/// </summary>
public sealed record BurnRateRule(string Severity, TimeSpan LongWindow, TimeSpan ShortWindow, double Threshold)
{
    /// <summary>
    /// The rules of the Google SRE workbook for a 30-day objective: 2 % of the budget in 1 hour or 5 % in
    /// 6 hours pages; 10 % in 3 days opens a ticket. Scaled to the SLO's window by <see cref="SloTracker"/>.
    /// </summary>
    public static IReadOnlyList<BurnRateRule> WorkbookDefaults { get; } =
    [
        new("page", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4),
        new("page", TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 6),
        new("ticket", TimeSpan.FromDays(1), TimeSpan.FromHours(2), 3),
        new("ticket", TimeSpan.FromDays(3), TimeSpan.FromHours(6), 1),
    ];
}
