namespace Gyre.Learn.Trees;

public sealed record GbdtTrainingResult(GbdtModel Model, IReadOnlyList<BoostingRound> History, int BestRound, TimeSpan Elapsed);
