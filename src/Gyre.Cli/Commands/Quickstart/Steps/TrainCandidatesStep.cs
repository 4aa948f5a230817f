using System.Globalization;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 3: trains two gradient-boosted-tree candidates with the built-in trainer (a shallow fast one and a
/// deeper one with early stopping), saves each as an MLflow model directory and logs it as a run in the
/// quickstart experiment (parameters, per-round train/validation metrics, final metrics, the model).
/// </summary>
internal sealed class TrainCandidatesStep : IQuickstartStep
{
    public static readonly IReadOnlyList<(string Name, Dictionary<string, string> Parameters)> Settings =
    [
        ("gbdt-shallow", new() { ["num_boost_round"] = "60", ["max_depth"] = "3", ["eta"] = "0.3", ["seed"] = "7" }),
        ("gbdt-deep", new() { ["num_boost_round"] = "200", ["max_depth"] = "6", ["eta"] = "0.1", ["subsample"] = "0.8", ["early_stopping_rounds"] = "15", ["seed"] = "7" }),
    ];

    public string Title => "Train two candidates and log them as runs";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        context.Candidates.Clear();
        foreach (var (name, parameters) in Settings)
        {
            var candidate = await CandidateTrainer.TrainAndLogAsync(context, name, context.Train!, context.Validation!, context.TrainPath!, parameters, cancellationToken);
            context.Candidates.Add(candidate);
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("candidate", "run", "rounds", "valid roc_auc", "valid accuracy", "valid log_loss");
        foreach (var c in context.Candidates)
        {
            var v = c.Outcome.ValidationMetrics!;
            table.AddRow(c.Name, c.RunId[..8], c.Outcome.Parameters.GetValueOrDefault("best_iteration", c.Outcome.Parameters["num_boost_round"]),
                Format(v["roc_auc"]), Format(v["accuracy"]), Format(v["log_loss"]));
        }
        context.Console.Write(table);

        // Check through the API that each run is there with its per-round metric history and its model.
        foreach (var c in context.Candidates)
        {
            var history = await context.Tracking.GetMetricHistoryAsync(c.RunId, "valid_logloss", cancellationToken);
            var artifacts = await context.Tracking.ListArtifactsAsync(c.RunId, "model", cancellationToken);
            if (history.Count < 2 || !artifacts.Any(a => a.Path.EndsWith("MLmodel", StringComparison.Ordinal)))
                return StepResult.Fail($"run {c.RunId} ({c.Name}) lacks its per-round metrics ({history.Count} points) or its MLmodel artifact");
        }
        return context.Candidates.All(c => double.IsFinite(c.ValidationAuc))
            ? StepResult.Pass($"{context.Candidates.Count} runs logged with params, per-round metrics and the model artifact")
            : StepResult.Fail("a candidate has no validation ROC AUC");
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
