using System.CommandLine;
using System.Globalization;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Monitoring.Drift;
using Gyre.Monitoring.Reports;
using Spectre.Console;

namespace Gyre.Cli.Commands.Monitoring;

/// <summary><c>gyre drift reference.csv current.csv</c>: per-column and dataset drift, as a table, HTML and JSON.</summary>
internal static class DriftCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("reference") { Description = "Reference CSV (the data the model was trained or validated on)." };
        var current = new Argument<string>("current") { Description = "Current CSV to compare with the reference." };
        var report = new Option<string?>("--report") { Description = "Write a self-contained HTML report to this path." };
        var json = new Option<string?>("--json") { Description = "Write the results as JSON to this path." };
        var columns = new Option<string[]>("--columns")
        {
            Description = "Only these columns (comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        };
        var method = new Option<string[]>("--method")
        {
            Description = "Method for a column (col=psi) or for every column (psi). Methods: " +
                          string.Join(", ", DriftMethods.All.Select(m => m.Name)) + ". Repeatable.",
        };
        var threshold = new Option<string[]>("--threshold")
        {
            Description = "Threshold for a column (col=0.2) or for every column (0.2): p-value for tests, distance otherwise. Repeatable.",
        };
        var prediction = new Option<string?>("--prediction") { Description = "Name of the model's prediction column (reported as prediction drift)." };
        var target = new Option<string?>("--target") { Description = "Name of the label column (reported as target drift)." };
        var share = new Option<double?>("--drift-share") { Description = "Share of drifted columns that means dataset drift (default 0.5)." };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit with code 1 when dataset drift is detected." };

        var command = new Command("drift",
            "Compare a current data set with a reference, column by column. Exit codes: 0 done, 1 dataset drift with --fail-on-drift, 2 usage or input error.");
        command.Arguments.Add(reference);
        command.Arguments.Add(current);
        foreach (var option in new Option[] { report, json, columns, method, threshold, prediction, target, share, failOnDrift })
            command.Options.Add(option);

        command.Action = new UsageErrorAction("drift", async (parse, cancellationToken) =>
        {
            var referencePath = parse.GetValue(reference)!;
            var currentPath = parse.GetValue(current)!;
            var options = BuildOptions(
                parse.GetValue(columns) ?? [], parse.GetValue(method) ?? [], parse.GetValue(threshold) ?? [],
                parse.GetValue(prediction), parse.GetValue(target), parse.GetValue(share));

            var referenceFrame = CsvTable.Read(referencePath);
            var currentFrame = CsvTable.Read(currentPath);
            foreach (var name in options.Columns ?? [])
                if (!referenceFrame.Contains(name) && !currentFrame.Contains(name))
                    throw GyreException.InvalidParameter($"--columns: neither file has a column named '{name}'.");
            foreach (var name in options.PerColumn.Keys)
                if (!referenceFrame.Contains(name) && !currentFrame.Contains(name))
                    throw GyreException.InvalidParameter($"--method/--threshold: neither file has a column named '{name}'.");
            foreach (var (flag, name) in new[] { ("--prediction", options.PredictionColumn), ("--target", options.TargetColumn) })
                if (name is not null && !referenceFrame.Contains(name) && !currentFrame.Contains(name))
                    throw GyreException.InvalidParameter($"{flag}: neither file has a column named '{name}'.");

            var result = DriftDetector.Compare(referenceFrame, currentFrame, options);
            PrintTable(result);

            var reportPath = parse.GetValue(report);
            if (reportPath is not null)
            {
                await DriftHtmlReport.Build(result, Path.GetFileName(referencePath), Path.GetFileName(currentPath), TimeProvider.System.GetUtcNow())
                    .WriteAsync(reportPath, cancellationToken);
                AnsiConsole.MarkupLine($"HTML report: [blue]{Markup.Escape(reportPath)}[/]");
            }
            var jsonPath = parse.GetValue(json);
            if (jsonPath is not null)
            {
                await MonitoringJsonContext.WriteAsync(MonitoringJsonContext.Serialize(result), jsonPath, cancellationToken);
                AnsiConsole.MarkupLine($"JSON: [blue]{Markup.Escape(jsonPath)}[/]");
            }
            return result.DatasetDrift && parse.GetValue(failOnDrift) ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    internal static DriftOptions BuildOptions(string[] columns, string[] methods, string[] thresholds,
        string? prediction, string? target, double? share)
    {
        var perColumn = new Dictionary<string, ColumnDriftSettings>(StringComparer.Ordinal);
        DriftMethod? allMethod = null;
        double? allThreshold = null;
        foreach (var spec in methods)
        {
            var (column, value) = Split(spec, "--method");
            var parsed = DriftMethods.Parse(value);
            if (column is null) allMethod = parsed;
            else perColumn[column] = (perColumn.GetValueOrDefault(column) ?? new ColumnDriftSettings()) with { Method = parsed };
        }
        foreach (var spec in thresholds)
        {
            var (column, value) = Split(spec, "--threshold");
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) || parsed < 0)
                throw GyreException.InvalidParameter($"--threshold '{spec}': '{value}' is not a non-negative number.");
            if (column is null) allThreshold = parsed;
            else perColumn[column] = (perColumn.GetValueOrDefault(column) ?? new ColumnDriftSettings()) with { Threshold = parsed };
        }
        if (share is { } s && (s is <= 0 or > 1 || !double.IsFinite(s)))
            throw GyreException.InvalidParameter($"--drift-share must be in (0, 1], got {s.ToString(CultureInfo.InvariantCulture)}.");
        var selected = columns.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return new DriftOptions
        {
            Columns = selected.Count == 0 ? null : selected,
            PerColumn = perColumn,
            NumericMethod = allMethod is { SupportsNumeric: true } ? allMethod : null,
            CategoricalMethod = allMethod is { SupportsCategorical: true } ? allMethod : null,
            Threshold = allThreshold,
            PredictionColumn = prediction,
            TargetColumn = target,
            DriftShare = share ?? 0.5,
        };
    }

    private static (string? Column, string Value) Split(string spec, string flag)
    {
        var eq = spec.LastIndexOf('=');
        if (eq < 0) return (null, spec.Trim());
        var column = spec[..eq].Trim();
        var value = spec[(eq + 1)..].Trim();
        if (column.Length == 0 || value.Length == 0)
            throw GyreException.InvalidParameter($"{flag} '{spec}': expected column=value or a single value.");
        return (column, value);
    }

    private static void PrintTable(DatasetDriftResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Column", "Method", "Statistic", "p-value", "Drift when", "Verdict");
        foreach (var c in result.Columns)
        {
            var verdict = c.Drift switch
            {
                true => "[red]drift[/]",
                false => "[green]no drift[/]",
                null => "[yellow]not evaluated[/]",
            };
            table.AddRow(
                Markup.Escape(c.Column + (c.Role == ColumnRole.Feature ? "" : $" ({c.Role.ToString().ToLowerInvariant()})")),
                Markup.Escape(c.Method ?? "-"),
                FormatNumber(c.Statistic),
                FormatNumber(c.PValue),
                Markup.Escape(c.Threshold is { } t ? (c.MethodKind == DriftMethodKind.PValue ? "p < " : "> ") + t.ToString("G4", CultureInfo.InvariantCulture) : "-"),
                verdict);
        }
        AnsiConsole.Write(table);
        foreach (var c in result.Columns.Where(c => c.Status == ColumnDriftStatus.NotEvaluated))
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(c.Column)}[/]: {Markup.Escape(c.Message)}");
        var verdictLine = result.DatasetDrift
            ? $"[red bold]Dataset drift detected[/]: {result.DriftedColumns} of {result.EvaluatedColumns} columns drifted"
            : $"[green bold]No dataset drift[/]: {result.DriftedColumns} of {result.EvaluatedColumns} columns drifted";
        AnsiConsole.MarkupLine(verdictLine + $" (share {result.DriftShare.ToString("0.###", CultureInfo.InvariantCulture)}, threshold {result.DriftShareThreshold.ToString("0.###", CultureInfo.InvariantCulture)})");
    }

    private static string FormatNumber(double? value) => value switch
    {
        null => "-",
        { } v when v != 0 && Math.Abs(v) < 1e-4 => v.ToString("0.###E+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
