using System.Globalization;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 11: the outcome with its evidence: the deployment's events from the API (every automatic decision
/// with the counts and thresholds behind it) as a table. A promoted candidate becomes the Production version
/// in the registry (the old one is archived) and the deployment serves it alone; a rolled-back one is archived.
/// </summary>
internal sealed class PromotionStep : IQuickstartStep
{
    public string Title => "Promote (or roll back) with the evidence";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var api = new DeploymentApi(context.Http);
        var registry = context.Tracking.Registry;
        var candidate = context.RetrainedVersion!;
        var baseline = context.ProductionVersion!;
        var promoted = context.CanaryState == "promoted";
        if (promoted)
        {
            await registry.TransitionModelVersionStageAsync(settings.ModelName, candidate, "Production", archiveExistingVersions: true, cancellationToken);
            await registry.SetAliasAsync(settings.ModelName, "champion", candidate, cancellationToken);
            // The rollout is over: the deployment now serves the new version alone, still watched for drift.
            await api.UpdateAsync(settings.DeploymentName, DeploymentSpecs.Single(context, candidate, context.ShiftedReferenceData!), cancellationToken);
        }
        else
        {
            await registry.TransitionModelVersionStageAsync(settings.ModelName, candidate, "Archived", cancellationToken: cancellationToken);
        }

        var events = await api.EventsAsync(settings.DeploymentName, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("time", "event", "reason [grey](evidence)[/]", "shares after");
        foreach (var e in events)
            table.AddRow(e.Timestamp.ToString("HH:mm:ss.f", CultureInfo.InvariantCulture), Markup.Escape(e.Kind),
                Markup.Escape(e.Reason) + (e.Evidence.Count > 0 ? $"\n[grey]{Markup.Escape(e.EvidenceText)}[/]" : ""), Markup.Escape(e.SharesText));
        context.Console.Write(table);

        var decision = events.LastOrDefault(e => e.Kind is "promoted" or "rolled_back");
        if (decision is null) return StepResult.Fail($"no promoted or rolled_back event among the {events.Count} events of '{settings.DeploymentName}'");
        if (!promoted)
            return StepResult.Fail($"{context.ModelUri(candidate)} was rolled back: {decision.Reason}");

        var status = await api.StatusAsync(settings.DeploymentName, cancellationToken);
        var share = status["shares"]?[DeploymentSpecs.VariantName(candidate)]?.GetValue<double>();
        var production = await registry.GetModelVersionAsync(settings.ModelName, candidate, cancellationToken);
        var archived = await registry.GetModelVersionAsync(settings.ModelName, baseline, cancellationToken);
        context.Console.MarkupLine($"  registry: {Markup.Escape(context.ModelUri(candidate))} {Markup.Escape(production.CurrentStage ?? "?")}, {Markup.Escape(context.ModelUri(baseline))} {Markup.Escape(archived.CurrentStage ?? "?")}; " +
                                   $"deployment '{Markup.Escape(settings.DeploymentName)}' serves {Markup.Escape(DeploymentSpecs.VariantName(candidate))} at {(share ?? 0).ToString("P0", CultureInfo.InvariantCulture)}");
        var advanced = events.Count(e => e.Kind == "advanced");
        return production.CurrentStage == "Production" && archived.CurrentStage == "Archived" && share == 1.0 && decision.Kind == "promoted"
            ? StepResult.Pass($"{context.ModelUri(candidate)} promoted after {advanced} canary stage(s): Production in the registry, 100 % of traffic; {events.Count} events with evidence")
            : StepResult.Fail($"after promotion: {context.ModelUri(candidate)} is {production.CurrentStage}, {context.ModelUri(baseline)} is {archived.CurrentStage}, share {share}: {status.ToJsonString()}");
    }
}
