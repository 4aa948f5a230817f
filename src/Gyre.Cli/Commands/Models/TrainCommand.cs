using System.CommandLine;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Learn.Training;
using Gyre.Learn.Trees;
using Spectre.Console;

namespace Gyre.Cli.Commands.Models;

/// <summary><c>gyre train</c>: trains a built-in model on a CSV file and saves it as an MLflow model directory.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Training data (CSV with a header row).", Required = true };
        var target = new Option<string>("--target") { Description = "The column to predict.", Required = true };
        var model = new Option<string>("--model") { Description = "gbdt (gradient-boosted trees), logistic or linear.", DefaultValueFactory = _ => "gbdt" };
        model.AcceptOnlyFromAmong("gbdt", "logistic", "linear");
        var valid = new Option<string?>("--valid") { Description = "Validation data (CSV); reported per round and used for early stopping." };
        var param = new Option<string[]>("--param", "-p")
        {
            Description = "A hyper-parameter as name=value (XGBoost names: eta, max_depth, num_boost_round, subsample, early_stopping_rounds, ...; l2 for linear models). Repeatable.",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "Directory to save the MLflow model into (must not exist or be empty).", DefaultValueFactory = _ => "model" };
        var flavor = new Option<string?>("--flavor") { Description = "MLflow flavor: xgboost (default for gbdt) or onnx (default for linear models)." };
        flavor.AcceptOnlyFromAmong("xgboost", "onnx");
        var trackingUri = new Option<string?>("--tracking-uri")
        {
            Description = "Log the run (params, per-round metrics, the model) to this tracking server; default MLFLOW_TRACKING_URI when set, else no logging.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("MLFLOW_TRACKING_URI") is { Length: > 0 } env ? env : null,
        };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment name for the logged run (created if missing; default: the Default experiment)." };
        var runName = new Option<string?>("--run-name") { Description = "Name of the logged run." };

        var command = new Command("train", "Train a model on a CSV file and save it as an MLflow model directory.")
        {
            data, target, model, valid, param, output, flavor, trackingUri, experiment, runName,
        };
        ModelCli.SetAction(command, async (parse, console, ct) =>
        {
            Uri? tracking = null;
            if (parse.GetValue(trackingUri) is { } uriText &&
                (!Uri.TryCreate(uriText, UriKind.Absolute, out tracking) || (tracking.Scheme != Uri.UriSchemeHttp && tracking.Scheme != Uri.UriSchemeHttps)))
                throw Gyre.Core.Errors.GyreException.InvalidParameter($"--tracking-uri '{uriText}' is not an http:// or https:// URL.");
            var kind = parse.GetValue(model) switch
            {
                "logistic" => ModelKind.Logistic,
                "linear" => ModelKind.Linear,
                _ => ModelKind.Gbdt,
            };
            var parameters = ModelTrainer.ParseParameters(parse.GetValue(param) ?? []);
            var train = CsvTable.Read(parse.GetValue(data)!);
            var validation = parse.GetValue(valid) is { } validPath ? CsvTable.Read(validPath) : null;
            var request = new TrainingRequest
            {
                Train = train, Validation = validation, Target = parse.GetValue(target)!, Kind = kind, Parameters = parameters,
            };
            console.MarkupLine($"Training [bold]{kind.ToString().ToLowerInvariant()}[/] on {train.RowCount:N0} rows to predict [bold]{Markup.Escape(request.Target)}[/] ({ModelTrainer.ChooseTask(request)}).");

            TrainingOutcome? outcome = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: 1);
                    var progress = new ModelCli.Immediate<BoostingRound>(round =>
                    {
                        task.MaxValue = round.TotalRounds;
                        task.Value = round.Round;
                        task.Description = round.ValidationValue is { } v
                            ? $"round {round.Round}: valid {round.Metric} {v:F5}"
                            : $"round {round.Round}: train {round.Metric} {round.TrainValue:F5}";
                    });
                    outcome = ModelTrainer.Train(request, progress, ct);
                    task.Value = task.MaxValue;
                });

            PrintMetrics(console, outcome!);
            var saved = ModelPackager.SaveMlflow(outcome!, parse.GetValue(output)!, parse.GetValue(flavor), outcome!.Model is { } m ? TrainingRows(train, m) : []);
            console.MarkupLine($"Saved the model ({string.Join(", ", saved.Flavors.Keys)}) to [bold]{Markup.Escape(Path.GetFullPath(parse.GetValue(output)!))}[/] in {outcome.Elapsed.TotalSeconds:F2} s of training.");
            if (tracking is not null)
            {
                var (runId, experimentId) = await TrainingRunLogger.LogAsync(tracking, parse.GetValue(experiment), parse.GetValue(runName),
                    outcome, parse.GetValue(data)!, parse.GetValue(output)!, ct);
                console.MarkupLine($"Logged run [bold]{runId}[/] in experiment {experimentId} at {Markup.Escape(tracking.ToString())} (model artifact: runs:/{runId}/model).");
            }
            return 0;
        });
        return command;
    }

    private static float[] TrainingRows(DataFrame frame, Gyre.Learn.ITrainedModel model) =>
        Gyre.Learn.Data.DatasetBuilder.FeatureMatrix(frame.Slice(0, Math.Min(5, frame.RowCount)), model.FeatureNames).Values;

    private static void PrintMetrics(IAnsiConsole console, TrainingOutcome outcome)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("train").RightAligned());
        if (outcome.ValidationMetrics is not null) table.AddColumn(new TableColumn("validation").RightAligned());
        foreach (var (name, value) in outcome.TrainMetrics)
        {
            var row = new List<string> { name, value.ToString("F5", CultureInfo.InvariantCulture) };
            if (outcome.ValidationMetrics is { } v) row.Add(v.TryGetValue(name, out var x) ? x.ToString("F5", CultureInfo.InvariantCulture) : "");
            table.AddRow(row.ToArray());
        }
        console.Write(table);
        if (outcome.Parameters.TryGetValue("best_iteration", out var best))
            console.MarkupLine($"Early stopping kept {best} rounds.");
    }
}
