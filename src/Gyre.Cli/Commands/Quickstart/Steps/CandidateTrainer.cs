using Gyre.Cli.Commands.Models;
using Gyre.Core.Data;
using Gyre.Learn.Data;
using Gyre.Learn.Training;
using Gyre.Learn.Trees;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Trains one GBDT with a progress bar per boosting round, saves it as an MLflow model directory and logs
/// the run with <see cref="TrainingRunLogger"/> (what <c>gyre train --tracking-uri</c> does).
/// </summary>
internal static class CandidateTrainer
{
    public static async Task<TrainedCandidate> TrainAndLogAsync(QuickstartContext context, string name, DataFrame train, DataFrame validation,
        string trainPath, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var request = new TrainingRequest
        {
            Train = train, Validation = validation, Target = QuickstartContext.Target, Kind = ModelKind.Gbdt, Parameters = parameters,
        };
        TrainingOutcome? outcome = null;
        context.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"{name}", maxValue: 1);
                var rounds = new ModelCli.Immediate<BoostingRound>(round =>
                {
                    task.MaxValue = round.TotalRounds;
                    task.Value = round.Round;
                    task.Description = round.ValidationValue is { } v ? $"{name} round {round.Round}: valid {round.Metric} {v:F4}" : $"{name} round {round.Round}";
                });
                outcome = ModelTrainer.Train(request, rounds, cancellationToken);
                task.Value = task.MaxValue;
            });

        var directory = Path.Combine(context.WorkDirectory, "models", name);
        var example = DatasetBuilder.FeatureMatrix(train.Slice(0, Math.Min(5, train.RowCount)), outcome!.Model.FeatureNames).Values;
        ModelPackager.SaveMlflow(outcome, directory, "xgboost", example);
        var (runId, experimentId) = await TrainingRunLogger.LogAsync(context.ServerAddress, context.Settings.ExperimentName, name,
            outcome, trainPath, directory, cancellationToken);
        context.Console.MarkupLine($"  {Markup.Escape(name)}: trained in {outcome.Elapsed.TotalSeconds:F1} s, logged as run [bold]{runId}[/]");
        return new TrainedCandidate(name, outcome, directory, runId, experimentId);
    }
}
