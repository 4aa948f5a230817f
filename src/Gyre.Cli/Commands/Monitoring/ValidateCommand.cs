using System.CommandLine;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Monitoring.Reports;
using Gyre.Monitoring.Validation;
using Spectre.Console;

namespace Gyre.Cli.Commands.Monitoring;

/// <summary><c>gyre validate data.csv --suite suite.yaml</c>: runs an expectation suite on a CSV file.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var data = new Argument<string>("data") { Description = "CSV file to validate." };
        var suite = new Option<string?>("--suite") { Description = "Expectation suite (YAML, see docs/validation.md). Required." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report to this path." };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this path." };
        var maxExamples = new Option<int?>("--max-examples") { Description = "Unexpected values listed per expectation (default 20)." };

        var command = new Command("validate",
            "Check a CSV file against an expectation suite. Exit codes: 0 the suite passed, 1 it failed, 2 usage or input error.");
        command.Arguments.Add(data);
        foreach (var option in new Option[] { suite, report, json, maxExamples }) command.Options.Add(option);

        command.Action = new UsageErrorAction("validate", async (parse, cancellationToken) =>
        {
            var suitePath = parse.GetValue(suite) ?? throw GyreException.InvalidParameter("--suite <suite.yaml> is required.");
            var examples = parse.GetValue(maxExamples) ?? 20;
            if (examples < 0) throw GyreException.InvalidParameter($"--max-examples must be >= 0, got {examples}.");
            var dataPath = parse.GetValue(data)!;
            var expectations = SuiteParser.Load(suitePath);
            var frame = CsvTable.Read(dataPath);
            var result = expectations.Run(frame, new ValidationOptions { MaxExamples = examples }, Path.GetFileName(dataPath));
            PrintTable(result);

            var reportPath = parse.GetValue(report);
            if (reportPath is not null)
            {
                await ValidationHtmlReport.Build(result, TimeProvider.System.GetUtcNow()).WriteAsync(reportPath, cancellationToken);
                AnsiConsole.MarkupLine($"HTML report: [blue]{Markup.Escape(reportPath)}[/]");
            }
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null)
            {
                await MonitoringJsonContext.WriteAsync(MonitoringJsonContext.Serialize(result), jsonPath, cancellationToken);
                AnsiConsole.MarkupLine($"JSON: [blue]{Markup.Escape(jsonPath)}[/]");
            }
            return result.Success ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void PrintTable(ValidationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Expectation", "Column", "Result", "Unexpected", "Details");
        foreach (var r in report.Results)
        {
            var unexpected = r.UnexpectedCount is { } n
                ? $"{n} ({(r.UnexpectedPercent ?? 0).ToString("0.##", CultureInfo.InvariantCulture)}%)"
                : "-";
            var details = r.Message + (r.UnexpectedExamples.Count > 0 && !r.Success ? " e.g. " + string.Join(", ", r.UnexpectedExamples.Take(5)) : "");
            table.AddRow(Markup.Escape(r.Expectation), Markup.Escape(r.Column ?? "(table)"),
                r.Success ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(unexpected), Markup.Escape(details));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Success
            ? $"[green bold]Suite '{Markup.Escape(report.SuiteName)}' passed[/]: {report.Passed} of {report.Evaluated} expectations"
            : $"[red bold]Suite '{Markup.Escape(report.SuiteName)}' failed[/]: {report.Failed} of {report.Evaluated} expectations failed");
    }
}
