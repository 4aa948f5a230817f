using System.Globalization;
using Gyre.Core.Data;
using Gyre.Learn.Gates;
using Gyre.Models.Abstractions;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Runs Gyre.Learn's quality gates on a registered version, downloaded through the API as a deployment
/// would get it, and prints the gate table. The rules are written beside the run's files for <c>gyre gate</c>.
/// </summary>
internal static class QualityGates
{
    /// <summary>Holdout quality, single-row p99 latency (generous: the machine may be shared) and size.</summary>
    public const string Rules = """
        gates:
          - metric: roc_auc
            min: 0.75
          - metric: accuracy
            min: 0.74
          - latency_p99_ms: 25
            sample_rows: 300
          - max_size_mb: 20
        """;

    /// <summary>The same rules plus: not significantly worse than the production version on the same holdout.</summary>
    public const string RulesWithRegression = Rules + "\n  - no_regression: {alpha: 0.05}\n";

    public static async Task<GateReport> CheckAsync(QuickstartContext context, string version, DataFrame holdout, string? baselineVersion,
        CancellationToken cancellationToken)
    {
        var candidatePath = await DownloadAsync(context, version, cancellationToken);
        var rules = baselineVersion is null ? Rules : RulesWithRegression;
        var rulesPath = Path.Combine(context.WorkDirectory, baselineVersion is null ? "gates.yaml" : "gates-with-baseline.yaml");
        await File.WriteAllTextAsync(rulesPath, rules, cancellationToken);
        using var candidate = ModelLoader.Default.Load(candidatePath);
        using var baseline = baselineVersion is null ? null : ModelLoader.Default.Load(await DownloadAsync(context, baselineVersion, cancellationToken));
        var report = GateEvaluator.Evaluate(GateSuite.Parse(rules, Path.GetFileName(rulesPath)), candidate, candidatePath, holdout, QuickstartContext.Target, baseline);

        var table = new Table().Border(TableBorder.Rounded).AddColumns("gate", "measured", "threshold", "result", "detail");
        foreach (var result in report.Results)
            table.AddRow(Markup.Escape(result.Name), result.Measured.ToString("0.####", CultureInfo.InvariantCulture), Markup.Escape(result.Threshold),
                result.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(result.Detail));
        context.Console.Write(table);
        context.Console.MarkupLine($"  rules saved to {Markup.Escape(rulesPath)} (re-run: [grey]gyre gate --model <dir> --data <holdout.csv> --target churn --rules {Markup.Escape(rulesPath)}[/])");
        return report;
    }

    /// <summary>Downloads a registered version's model directory through the tracking API.</summary>
    public static async Task<string> DownloadAsync(QuickstartContext context, string version, CancellationToken cancellationToken)
    {
        var registered = await context.Tracking.Registry.GetModelVersionAsync(context.Settings.ModelName, version, cancellationToken);
        var destination = Path.Combine(context.WorkDirectory, "registry", $"v{version}");
        var modelDirectory = Path.Combine(destination, "model");
        if (File.Exists(Path.Combine(modelDirectory, "MLmodel"))) return modelDirectory;
        return await context.Tracking.DownloadArtifactsAsync(registered.RunId!, "model", destination, cancellationToken);
    }
}
