using System.Globalization;
using Gyre.Monitoring.Metrics;
using Gyre.Monitoring.Slo;
using Gyre.Serving.Observability.Alerts;

namespace Gyre.Serving.Observability.Slo;

/// <summary>
/// A deployment's SLOs (availability: the request did not fail with a 5xx; latency: it also answered
/// within the threshold). Each served request is recorded on the request thread (a lock-free bucket
/// increment); the evaluation loop exports compliance, error budget and burn rates and turns firing
/// multi-window burn-rate rules into <c>slo_burn_rate</c> alerts (one subject per SLO and severity, so
/// the dispatcher's cool-down keeps a persisting burn from repeating).
/// </summary>
public sealed class SloMonitor
{
    public const string ComplianceGauge = "gyre_slo_compliance";
    public const string BudgetGauge = "gyre_slo_error_budget_remaining";
    public const string BurnRateGauge = "gyre_slo_burn_rate";
    public const string ObjectiveGauge = "gyre_slo_objective";

    private readonly SloTracker[] _trackers;
    private readonly Gauge _compliance;
    private readonly Gauge _budget;
    private readonly Gauge _burnRate;
    private readonly Gauge _objective;
    private readonly TimeProvider _time;

    public SloMonitor(string deployment, IReadOnlyList<SloDefinition> slos, MetricRegistry registry, TimeProvider time)
    {
        Deployment = deployment;
        _time = time;
        _trackers = slos.Select(s => new SloTracker(s, time)).ToArray();
        _compliance = registry.Gauge(ComplianceGauge, "Share of good requests over the SLO's window.", "deployment", "slo");
        _budget = registry.Gauge(BudgetGauge, "Share of the SLO's error budget left over its window (negative when overspent).", "deployment", "slo");
        _burnRate = registry.Gauge(BurnRateGauge, "How many times faster than sustainable the error budget burned over a window.", "deployment", "slo", "window");
        _objective = registry.Gauge(ObjectiveGauge, "The SLO's objective (share of good requests).", "deployment", "slo");
    }

    public string Deployment { get; }

    public IReadOnlyList<SloTracker> Trackers => _trackers;

    /// <summary>Records one served request: 5xx status codes are failures, 4xx are the caller's and count as good.</summary>
    public void Record(int statusCode, TimeSpan latency)
    {
        var succeeded = statusCode < 500;
        foreach (var tracker in _trackers) tracker.Record(succeeded, latency);
    }

    /// <summary>Exports the SLOs' state and returns alerts for the burn-rate rules firing now.</summary>
    public IReadOnlyList<Alert> Evaluate()
    {
        var alerts = new List<Alert>();
        foreach (var tracker in _trackers)
        {
            var name = tracker.Definition.Name;
            var status = tracker.Status();
            _compliance.WithLabels(Deployment, name).Set(status.Compliance);
            _budget.WithLabels(Deployment, name).Set(status.ErrorBudgetRemaining);
            _objective.WithLabels(Deployment, name).Set(tracker.Definition.Objective);
            foreach (var window in tracker.Rules.SelectMany(r => new[] { r.LongWindow, r.ShortWindow }).Distinct())
                _burnRate.WithLabels(Deployment, name, WindowLabel(window)).Set(tracker.BurnRate(window));
            // The most severe firing rule per severity speaks for it.
            foreach (var firing in status.Alerts.GroupBy(a => a.Severity).Select(g => g.MaxBy(a => a.Threshold)!))
            {
                var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["objective"] = tracker.Definition.Objective,
                    ["long_window_seconds"] = firing.LongWindow.TotalSeconds,
                    ["long_window_burn_rate"] = firing.LongWindowBurnRate,
                    ["short_window_seconds"] = firing.ShortWindow.TotalSeconds,
                    ["short_window_burn_rate"] = firing.ShortWindowBurnRate,
                    ["threshold"] = firing.Threshold,
                    ["error_budget_remaining"] = status.ErrorBudgetRemaining,
                    ["good_events"] = status.GoodEvents,
                    ["bad_events"] = status.BadEvents,
                };
                var message = $"SLO '{name}' ({tracker.Definition.Kind.ToString().ToLowerInvariant()}, objective {F(tracker.Definition.Objective)}) " +
                              $"is burning its error budget {F(firing.LongWindowBurnRate)}x over {WindowLabel(firing.LongWindow)} and " +
                              $"{F(firing.ShortWindowBurnRate)}x over {WindowLabel(firing.ShortWindow)} (threshold {F(firing.Threshold)}x); " +
                              $"{F(status.ErrorBudgetRemaining * 100)}% of the budget left";
                alerts.Add(new Alert(Deployment, "slo_burn_rate", firing.Severity, message, evidence, _time.GetUtcNow(), $"{name}/{firing.Severity}"));
            }
        }
        return alerts;
    }

    public void RemoveSeries()
    {
        foreach (var tracker in _trackers)
        {
            var name = tracker.Definition.Name;
            _compliance.Remove(Deployment, name);
            _budget.Remove(Deployment, name);
            _objective.Remove(Deployment, name);
            foreach (var window in tracker.Rules.SelectMany(r => new[] { r.LongWindow, r.ShortWindow }).Distinct())
                _burnRate.Remove(Deployment, name, WindowLabel(window));
        }
    }

    /// <summary>A window as Prometheus-style duration text: 5m, 1h, 3d, 90s.</summary>
    internal static string WindowLabel(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays == Math.Floor(window.TotalDays) ? $"{window.TotalDays:0}d"
        : window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{window.TotalHours:0}h"
        : window.TotalMinutes >= 1 && window.TotalMinutes == Math.Floor(window.TotalMinutes) ? $"{window.TotalMinutes:0}m"
        : $"{window.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s";

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
