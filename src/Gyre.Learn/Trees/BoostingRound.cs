namespace Gyre.Learn.Trees;

/// <summary>The evaluation after one boosting round (metric values are null when there is no such set).</summary>
public sealed record BoostingRound(int Round, int TotalRounds, string Metric, double TrainValue, double? ValidationValue);
