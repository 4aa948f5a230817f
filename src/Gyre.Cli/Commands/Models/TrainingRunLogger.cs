using Gyre.Client;
using Gyre.Learn.Training;

namespace Gyre.Cli.Commands.Models;

/// <summary>
/// Records a finished training on an MLflow-compatible tracking server: the parameters, every boosting
/// round's train/validation metric (with its step), the final metrics and the saved MLflow model
/// directory as the run's <c>model</c> artifact.
/// </summary>
internal static class TrainingRunLogger
{
    public static async Task<(string RunId, string ExperimentId)> LogAsync(Uri trackingUri, string? experiment, string? runName,
        TrainingOutcome outcome, string dataPath, string modelDirectory, CancellationToken cancellationToken)
    {
        using var client = new TrackingClient(trackingUri);
        var tags = new Dictionary<string, string>
        {
            ["gyre.model"] = outcome.Kind.ToString().ToLowerInvariant(),
            ["gyre.task"] = outcome.Model.Task.ToString(),
            ["gyre.target"] = outcome.Target,
            ["gyre.training_data"] = Path.GetFullPath(dataPath),
        };
        await using var run = await client.StartRunAsync(experimentName: experiment, runName: runName, tags: tags, cancellationToken: cancellationToken);
        run.LogParams(outcome.Parameters);
        foreach (var round in outcome.History)
        {
            run.LogMetric($"train_{round.Metric}", round.TrainValue, round.Round);
            if (round.ValidationValue is { } v) run.LogMetric($"valid_{round.Metric}", v, round.Round);
        }
        run.LogMetrics(outcome.TrainMetrics.Select(m => KeyValuePair.Create($"train_{m.Key}", m.Value)));
        if (outcome.ValidationMetrics is { } valid) run.LogMetrics(valid.Select(m => KeyValuePair.Create($"valid_{m.Key}", m.Value)));
        run.LogMetric("training_seconds", outcome.Elapsed.TotalSeconds);
        await run.FlushAsync(cancellationToken);
        await run.LogArtifactAsync(modelDirectory, "model", cancellationToken);
        await run.EndAsync(cancellationToken: cancellationToken);
        return (run.RunId, run.ExperimentId);
    }
}
