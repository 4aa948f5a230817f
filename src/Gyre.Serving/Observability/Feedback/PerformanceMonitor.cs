using System.Collections.Concurrent;
using System.Globalization;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Observability.Alerts;

namespace Gyre.Serving.Observability.Feedback;

/// <summary>
/// Model performance from feedback, per deployment and variant: rolling accuracy (a label compared with
/// the prediction the variant gave for that request) and rolling mean reward, over the last
/// <c>window</c> feedback records, exported as gauges.
/// <para>
/// Concept drift: the first full window's accuracy (mean reward) is the baseline; when a later full
/// window's accuracy falls more than <c>accuracy_drop</c> (<c>reward_drop</c>) below it, a
/// <c>concept_drift</c> alert is raised. Chosen over Page-Hinkley/DDM because its one parameter is in the
/// units a person reasons in ("alert if accuracy falls 10 points"), it needs no tuning of a drift
/// magnitude and lambda, and a window of feedback gives it a bounded false-alarm rate; the alert clears
/// (and may fire again) once a window recovers to within half the drop.
/// </para>
/// </summary>
public sealed class PerformanceMonitor
{
    public const string AccuracyGauge = "gyre_feedback_accuracy";
    public const string BaselineAccuracyGauge = "gyre_feedback_baseline_accuracy";
    public const string MeanRewardGauge = "gyre_feedback_mean_reward";
    public const string FeedbackTotal = "gyre_feedback_total";
    public const string UnmatchedTotal = "gyre_feedback_unmatched_total";

    private readonly FeedbackMonitorSpec _spec;
    private readonly Func<Alert, bool> _raise;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, VariantPerformance> _variants = new(StringComparer.Ordinal);
    private readonly Gauge _accuracy;
    private readonly Gauge _baseline;
    private readonly Gauge _reward;
    private readonly Counter _feedback;
    private readonly Counter _unmatched;

    public PerformanceMonitor(string deployment, FeedbackMonitorSpec spec, MetricRegistry registry, Func<Alert, bool> raise, TimeProvider time)
    {
        Deployment = deployment;
        _spec = spec;
        _raise = raise;
        _time = time;
        _accuracy = registry.Gauge(AccuracyGauge, "Share of correct predictions over the last feedback window (labels), by deployment and variant.", "deployment", "variant");
        _baseline = registry.Gauge(BaselineAccuracyGauge, "Accuracy of the first full feedback window, the concept-drift baseline.", "deployment", "variant");
        _reward = registry.Gauge(MeanRewardGauge, "Mean reward over the last feedback window, by deployment and variant.", "deployment", "variant");
        _feedback = registry.Counter(FeedbackTotal, "Feedback records received, by deployment, variant and type (label or reward).", "deployment", "variant", "type");
        _unmatched = registry.Counter(UnmatchedTotal, "Labels whose request's prediction was no longer known (not counted in accuracy).", "deployment");
    }

    public string Deployment { get; }

    /// <summary>Rolling accuracy of a variant (NaN before any label).</summary>
    public double Accuracy(string variant) => _variants.TryGetValue(variant, out var v) ? v.Accuracy : double.NaN;

    /// <summary>Rolling mean reward of a variant (NaN before any reward).</summary>
    public double MeanReward(string variant) => _variants.TryGetValue(variant, out var v) ? v.Reward : double.NaN;

    /// <summary>
    /// Takes one feedback record. <paramref name="predicted"/> is the label the variant predicted for the
    /// request (null when unknown: the label is counted as unmatched).
    /// </summary>
    public void Record(in FeedbackRecord feedback, string? predicted)
    {
        var variant = _variants.GetOrAdd(feedback.Variant, v => new VariantPerformance(_spec.Window));
        Alert? alert = null;
        lock (variant)
        {
            if (feedback.Label is { } label)
            {
                _feedback.WithLabels(Deployment, feedback.Variant, "label").Inc();
                if (predicted is null)
                {
                    _unmatched.WithLabels(Deployment).Inc();
                }
                else
                {
                    variant.Correct.Add(ScoredRows.LabelText(label) == predicted ? 1 : 0);
                    _accuracy.WithLabels(Deployment, feedback.Variant).Set(variant.Correct.Mean);
                    if (variant.Correct.Baseline is { } b) _baseline.WithLabels(Deployment, feedback.Variant).Set(b);
                    alert = Check(variant.Correct, ref variant.AccuracyAlerted, feedback.Variant, "accuracy", _spec.AccuracyDrop);
                }
            }
            if (feedback.Reward is { } reward && double.IsFinite(reward))
            {
                _feedback.WithLabels(Deployment, feedback.Variant, "reward").Inc();
                variant.Rewards.Add(reward);
                _reward.WithLabels(Deployment, feedback.Variant).Set(variant.Rewards.Mean);
                if (_spec.RewardDrop is { } drop) alert ??= Check(variant.Rewards, ref variant.RewardAlerted, feedback.Variant, "mean reward", drop);
            }
        }
        if (alert is not null) _raise(alert);
    }

    public void RemoveSeries()
    {
        foreach (var variant in _variants.Keys)
        {
            _accuracy.Remove(Deployment, variant);
            _baseline.Remove(Deployment, variant);
            _reward.Remove(Deployment, variant);
        }
    }

    private Alert? Check(RollingMean figures, ref bool alerted, string variant, string what, double allowedDrop)
    {
        if (figures.Baseline is not { } baseline || !figures.IsFull || figures.Total <= figures.Count) return null;
        var drop = baseline - figures.Mean;
        if (alerted)
        {
            if (drop <= allowedDrop / 2) alerted = false; // recovered: a new drop alerts again
            return null;
        }
        if (drop <= allowedDrop) return null;
        alerted = true;
        var evidence = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["baseline"] = baseline,
            ["current"] = figures.Mean,
            ["drop"] = drop,
            ["threshold"] = allowedDrop,
            ["window"] = figures.Count,
            ["feedback_total"] = figures.Total,
        };
        var message = $"concept drift on variant '{variant}': {what} {F(figures.Mean)} over the last {figures.Count} feedback records, " +
                      $"down {F(drop)} from {F(baseline)} in the first window (threshold {F(allowedDrop)})";
        return new Alert(Deployment, "concept_drift", "warning", message, evidence, _time.GetUtcNow(), $"{variant}/{what}");
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private sealed class VariantPerformance(int window)
    {
        public RollingMean Correct { get; } = new(window);
        public RollingMean Rewards { get; } = new(window);
        public bool AccuracyAlerted;
        public bool RewardAlerted;

        public double Accuracy { get { lock (this) return Correct.Mean; } }
        public double Reward { get { lock (this) return Rewards.Mean; } }
    }
}
