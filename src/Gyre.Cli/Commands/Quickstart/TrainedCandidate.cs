using Gyre.Learn.Training;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>A trained model, saved as an MLflow model directory and logged as a run.</summary>
internal sealed record TrainedCandidate(string Name, TrainingOutcome Outcome, string ModelDirectory, string RunId, string ExperimentId)
{
    /// <summary>ROC AUC on the validation split, the number the candidates are compared by.</summary>
    public double ValidationAuc => Outcome.ValidationMetrics?.GetValueOrDefault("roc_auc", double.NaN) ?? double.NaN;
}
