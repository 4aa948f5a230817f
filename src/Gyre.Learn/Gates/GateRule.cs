namespace Gyre.Learn.Gates;

/// <summary>One check a candidate model must pass before it may be promoted.</summary>
public abstract record GateRule(string Name);

/// <summary>An evaluation metric on the holdout must be at least <see cref="Min"/> and/or at most <see cref="Max"/>.</summary>
public sealed record MetricGate(string Name, string Metric, double? Min, double? Max) : GateRule(Name);

/// <summary>The p99 of single-row prediction latency, measured on a sample of holdout rows, must stay under the limit.</summary>
public sealed record LatencyGate(string Name, double MaxP99Milliseconds, int SampleRows) : GateRule(Name);

/// <summary>The model's files must not exceed the size limit.</summary>
public sealed record SizeGate(string Name, long MaxBytes) : GateRule(Name);

/// <summary>A metric computed per group of a column must not differ between groups by more than <see cref="MaxGap"/>.</summary>
public sealed record FairnessGate(string Name, string GroupColumn, string Metric, double MaxGap) : GateRule(Name);

/// <summary>
/// The candidate must not be significantly worse than the baseline (the production version): a one-sided
/// paired t-test on per-row losses over the same holdout, at level <see cref="Alpha"/>.
/// </summary>
public sealed record NoRegressionGate(string Name, double Alpha) : GateRule(Name);
