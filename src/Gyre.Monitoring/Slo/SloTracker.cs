namespace Gyre.Monitoring.Slo;

/// <summary>
/// Tracks one SLO: records each event as good or bad, reports compliance and the error budget left over
/// the rolling window, and evaluates multi-window burn-rate alerts.
/// </summary>
public sealed class SloTracker
{
    private readonly TimeProvider _time;
    private readonly MinuteBuckets _buckets;
    private readonly IReadOnlyList<BurnRateRule> _rules;

    public SloTracker(SloDefinition definition, TimeProvider? time = null, IReadOnlyList<BurnRateRule>? rules = null)
    {
        Definition = definition;
        _time = time ?? TimeProvider.System;
        _rules = rules ?? ScaleToWindow(BurnRateRule.WorkbookDefaults, definition.Window);
        var longest = _rules.Select(r => r.LongWindow).Append(definition.Window).Max();
        _buckets = new MinuteBuckets((int)Math.Ceiling(longest.TotalMinutes));
    }

    public SloDefinition Definition { get; }

    public IReadOnlyList<BurnRateRule> Rules => _rules;

    /// <summary>Records a request's outcome.</summary>
    public void Record(bool succeeded, TimeSpan latency) => _buckets.Record(CurrentMinute(), Definition.IsGood(succeeded, latency));

    public SloStatus Status()
    {
        var minute = CurrentMinute();
        var (good, bad) = _buckets.Sum(minute, Minutes(Definition.Window));
        var total = good + bad;
        var compliance = total == 0 ? 1 : (double)good / total;
        var budgetRemaining = total == 0 ? 1 : 1 - (double)bad / (total * Definition.ErrorBudget);
        return new SloStatus(Definition.Name, Definition.Objective, good, bad, compliance, budgetRemaining, Alerts(minute));
    }

    /// <summary>How many times faster than sustainable the budget burned over the last <paramref name="window"/>.</summary>
    public double BurnRate(TimeSpan window) => BurnRate(CurrentMinute(), window);

    private IReadOnlyList<BurnRateAlert> Alerts(long minute)
    {
        var firing = new List<BurnRateAlert>();
        foreach (var rule in _rules)
        {
            var longRate = BurnRate(minute, rule.LongWindow);
            var shortRate = BurnRate(minute, rule.ShortWindow);
            if (longRate > rule.Threshold && shortRate > rule.Threshold)
                firing.Add(new BurnRateAlert(Definition.Name, rule.Severity, rule.LongWindow, longRate, rule.ShortWindow, shortRate, rule.Threshold));
        }
        return firing;
    }

    private double BurnRate(long minute, TimeSpan window)
    {
        var (good, bad) = _buckets.Sum(minute, Minutes(window));
        var total = good + bad;
        return total == 0 ? 0 : (double)bad / total / Definition.ErrorBudget;
    }

    private long CurrentMinute() => _time.GetUtcNow().ToUnixTimeSeconds() / 60;

    private static int Minutes(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalMinutes));

    /// <summary>
    /// The workbook's windows assume a 30-day objective; a shorter objective window shrinks them in
    /// proportion (never below one minute) so that the same share of budget triggers the same alert.
    /// </summary>
    private static IReadOnlyList<BurnRateRule> ScaleToWindow(IReadOnlyList<BurnRateRule> rules, TimeSpan window)
    {
        var factor = window / TimeSpan.FromDays(30);
        if (factor >= 1) return rules;
        static TimeSpan AtLeastAMinute(TimeSpan t) => t < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : t;
        return rules.Select(r => r with { LongWindow = AtLeastAMinute(r.LongWindow * factor), ShortWindow = AtLeastAMinute(r.ShortWindow * factor) }).ToArray();
    }
}
