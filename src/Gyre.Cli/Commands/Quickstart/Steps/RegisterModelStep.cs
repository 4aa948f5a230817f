using System.Globalization;
using Gyre.Core.Errors;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>Step 4: registers the candidate with the higher validation ROC AUC as a new version of the churn model.</summary>
internal sealed class RegisterModelStep : IQuickstartStep
{
    public string Title => "Register the better candidate";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var best = context.Candidates.MaxBy(c => c.ValidationAuc)!;
        foreach (var c in context.Candidates)
            context.Console.MarkupLine($"  {Markup.Escape(c.Name)}: valid roc_auc {c.ValidationAuc.ToString("F4", CultureInfo.InvariantCulture)}{(c == best ? " [green]<- better[/]" : "")}");
        var version = await ModelRegistration.RegisterAsync(context, best, $"Quickstart: {best.Name}, the better of {context.Candidates.Count} candidates", cancellationToken);
        context.ProductionVersion = version;

        var registered = await context.Tracking.Registry.GetModelVersionAsync(context.Settings.ModelName, version, cancellationToken);
        context.Console.MarkupLine($"  registered [bold]{Markup.Escape(context.ModelUri(version))}[/] from run {best.RunId} (source {Markup.Escape(registered.Source ?? "")})");
        return registered.RunId == best.RunId && registered.Status == "READY"
            ? StepResult.Pass($"{context.ModelUri(version)} registered from run {best.RunId} ({best.Name})")
            : StepResult.Fail($"version {version} is {registered.Status} with run {registered.RunId}, expected READY from {best.RunId}");
    }
}

/// <summary>Registers a logged candidate's model artifact as a new model version (creating the registered model on first use).</summary>
internal static class ModelRegistration
{
    public static async Task<string> RegisterAsync(QuickstartContext context, TrainedCandidate candidate, string description, CancellationToken cancellationToken)
    {
        var registry = context.Tracking.Registry;
        var name = context.Settings.ModelName;
        try
        {
            await registry.GetRegisteredModelAsync(name, cancellationToken);
        }
        catch (GyreException e) when (e.Code == ErrorCode.RESOURCE_DOES_NOT_EXIST)
        {
            await registry.CreateRegisteredModelAsync(name, "Customer churn classifier trained by gyre quickstart", cancellationToken: cancellationToken);
        }
        var run = await context.Tracking.GetRunAsync(candidate.RunId, cancellationToken);
        var tags = new Dictionary<string, string>
        {
            ["candidate"] = candidate.Name,
            ["valid_roc_auc"] = candidate.ValidationAuc.ToString("F5", CultureInfo.InvariantCulture),
        };
        var version = await registry.CreateModelVersionAsync(name, run.Info.ArtifactUri!.TrimEnd('/') + "/model", candidate.RunId, description, tags,
            cancellationToken: cancellationToken);
        return version.Version;
    }
}
