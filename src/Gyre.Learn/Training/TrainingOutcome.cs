using Gyre.Learn.Trees;

namespace Gyre.Learn.Training;

/// <summary>A trained model with its metrics, the parameters it was trained with and (for GBDT) the per-round history.</summary>
public sealed record TrainingOutcome(
    ITrainedModel Model,
    ModelKind Kind,
    string Target,
    IReadOnlyList<string>? ClassLabels,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> TrainMetrics,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    IReadOnlyList<BoostingRound> History,
    TimeSpan Elapsed);
