using System.Globalization;
using Gyre.Cli.Commands.Quickstart.Data;
using Gyre.Core.Data;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 9: the retraining job the alert calls for: fresh labelled data in the new distribution (here the
/// training extract after the same shift, as if a new month of labelled customers had arrived) trains the
/// production recipe again; the run is logged with the alert that triggered it and registered as a new version.
/// </summary>
internal sealed class RetrainStep : IQuickstartStep
{
    public string Title => "Retrain on fresh data";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var recipe = context.Candidates.MaxBy(c => c.ValidationAuc)!;
        var train = ChurnShift.Apply(context.Train!);
        var validation = ChurnShift.Apply(context.Validation!);
        var folder = Path.Combine(context.WorkDirectory, "data");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "churn_fresh_train.csv");
        CsvTable.Write(train, path);
        var referenceCsv = Path.Combine(folder, "reference_fresh.csv");
        CsvTable.Write(context.Features(train), referenceCsv);
        context.Console.MarkupLine($"  fresh data: {train.RowCount:N0} labelled rows in the new distribution ({Markup.Escape(path)}); recipe: {Markup.Escape(recipe.Name)}");

        var parameters = TrainCandidatesStep.Settings.First(s => s.Name == recipe.Name).Parameters;
        var retrained = await CandidateTrainer.TrainAndLogAsync(context, "retrain-after-drift", train, validation, path, parameters, cancellationToken);
        await context.Tracking.SetTagAsync(retrained.RunId, "gyre.trigger", context.DriftAlert?.Reason ?? "data drift", cancellationToken);
        await context.Tracking.SetTagAsync(retrained.RunId, "gyre.recipe", recipe.Name, cancellationToken);
        context.Retrained = retrained;
        context.ShiftedReferenceData = await ReferenceData.LogAsync(context, retrained.RunId, referenceCsv, cancellationToken);
        var version = await ModelRegistration.RegisterAsync(context, retrained, "Quickstart: retrained after the data-drift alert", cancellationToken);
        context.RetrainedVersion = version;

        var registered = await context.Tracking.Registry.GetModelVersionAsync(context.Settings.ModelName, version, cancellationToken);
        context.Console.MarkupLine($"  run {retrained.RunId}: valid roc_auc {retrained.ValidationAuc.ToString("F4", CultureInfo.InvariantCulture)} on fresh data; " +
                                   $"registered [bold]{Markup.Escape(context.ModelUri(version))}[/]");
        return registered.RunId == retrained.RunId && registered.Status == "READY" && version != context.ProductionVersion
            ? StepResult.Pass($"retrained run {retrained.RunId} logged and registered as {context.ModelUri(version)}")
            : StepResult.Fail($"version {version} is {registered.Status} from run {registered.RunId}, expected a new READY version from {retrained.RunId}");
    }
}
