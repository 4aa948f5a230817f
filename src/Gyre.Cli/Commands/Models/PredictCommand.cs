using Gyre.Models.Abstractions;
using System.CommandLine;
using Gyre.Core.Data;
using Gyre.Learn.Inference;
using Spectre.Console;

namespace Gyre.Cli.Commands.Models;

/// <summary><c>gyre predict</c>: batch inference of a CSV file with an MLflow directory, ONNX or XGBoost model file.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "MLflow model directory, .onnx file or XGBoost .json/.ubj file.", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "Rows to score (CSV with a header row naming the feature columns).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the predictions (CSV).", DefaultValueFactory = _ => "predictions.csv" };
        var batch = new Option<int>("--batch-size") { Description = "Rows scored per call.", DefaultValueFactory = _ => 8192 };
        var command = new Command("predict", "Score a CSV file with a model and write the predictions as CSV.") { model, input, output, batch };
        ModelCli.SetAction(command, (parse, console, ct) =>
        {
            using var loaded = ModelLoader.Default.Load(parse.GetValue(model)!);
            var scorer = new BatchScorer(loaded);
            var frame = CsvTable.Read(parse.GetValue(input)!);
            DataFrame? predictions = null;
            int batchSize = Math.Max(1, parse.GetValue(batch));
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("scoring", maxValue: Math.Max(1, frame.RowCount));
                    predictions = scorer.Score(frame, batchSize, new ModelCli.Immediate<int>(done => task.Value = done), ct);
                    task.Value = task.MaxValue;
                });
            var path = parse.GetValue(output)!;
            CsvTable.Write(predictions!, path);
            console.MarkupLine($"Wrote {frame.RowCount:N0} predictions ({string.Join(", ", predictions!.ColumnNames)}) from a {loaded.Format} model to [bold]{Markup.Escape(Path.GetFullPath(path))}[/].");
            return Task.FromResult(0);
        });
        return command;
    }
}
