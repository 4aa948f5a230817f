using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Learn.Gates;
using Gyre.Models.Abstractions;
using Spectre.Console;

namespace Gyre.Cli.Commands;

/// <summary>
/// <c>gyre gate</c>: checks a candidate model against quality gates on a labelled holdout and exits
/// non-zero when one fails, so any CI system can gate a promotion on it.
/// </summary>
internal static class GateCommand
{
    public static void AddTo(RootCommand root)
    {
        var model = new Option<string>("--model", "-m") { Description = "Candidate model: ONNX file, XGBoost file or MLflow model directory.", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled holdout CSV.", Required = true };
        var target = new Option<string>("--target") { Description = "Label column in the holdout.", Required = true };
        var rules = new Option<string>("--rules") { Description = "Gate rules YAML (see docs/gates.md).", Required = true };
        var baseline = new Option<string?>("--baseline") { Description = "Current production model, for the no_regression gate." };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file." };
        var command = new Command("gate", "Check a candidate model against quality gates; exit 1 when any gate fails.")
        {
            model, data, target, rules, baseline, json,
        };
        command.SetAction(parse =>
        {
            try
            {
                var suite = GateSuite.Load(parse.GetValue(rules)!);
                var holdout = CsvTable.Read(parse.GetValue(data)!);
                var modelPath = parse.GetValue(model)!;
                using var candidate = ModelLoader.Default.Load(modelPath);
                using var production = parse.GetValue(baseline) is { } baselinePath ? ModelLoader.Default.Load(baselinePath) : null;
                var report = GateEvaluator.Evaluate(suite, candidate, modelPath, holdout, parse.GetValue(target)!, production);
                Print(report);
                if (parse.GetValue(json) is { } jsonPath) WriteJson(report, jsonPath);
                return report.Passed ? 0 : 1;
            }
            catch (GyreException error)
            {
                Console.Error.WriteLine($"gyre gate: {error.Message}");
                return 2;
            }
        });
        root.Subcommands.Add(command);
    }

    private static void Print(GateReport report)
    {
        var table = new Table().AddColumns("gate", "measured", "threshold", "result", "detail");
        foreach (var result in report.Results)
        {
            table.AddRow(
                Markup.Escape(result.Name),
                result.Measured.ToString("0.#####", CultureInfo.InvariantCulture),
                Markup.Escape(result.Threshold),
                result.Passed ? "[green]pass[/]" : "[red]FAIL[/]",
                Markup.Escape(result.Detail));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Passed ? "[green]All gates passed.[/]" : $"[red]{report.Results.Count(r => !r.Passed)} of {report.Results.Count} gates failed.[/]");
    }

    private static void WriteJson(GateReport report, string path)
    {
        var document = new
        {
            passed = report.Passed,
            gates = report.Results.Select(r => new { name = r.Name, passed = r.Passed, measured = double.IsFinite(r.Measured) ? r.Measured : (double?)null, threshold = r.Threshold, detail = r.Detail }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
