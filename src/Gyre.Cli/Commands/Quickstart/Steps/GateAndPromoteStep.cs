using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>Step 5: the registered version must pass the quality gates on the holdout; then it moves to Production.</summary>
internal sealed class GateAndPromoteStep : IQuickstartStep
{
    public string Title => "Pass the quality gates and move to Production";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var version = context.ProductionVersion!;
        var report = await QualityGates.CheckAsync(context, version, context.Holdout!, baselineVersion: null, cancellationToken);
        if (!report.Passed)
            return StepResult.Fail($"{report.Results.Count(r => !r.Passed)} of {report.Results.Count} gates failed; {context.ModelUri(version)} stays out of Production");

        var registry = context.Tracking.Registry;
        var name = context.Settings.ModelName;
        await registry.TransitionModelVersionStageAsync(name, version, "Production", archiveExistingVersions: true, cancellationToken);
        await registry.SetAliasAsync(name, "champion", version, cancellationToken);
        var production = await registry.GetModelVersionAsync(name, version, cancellationToken);
        context.Console.MarkupLine($"  {Markup.Escape(context.ModelUri(version))} is now in stage [bold]{Markup.Escape(production.CurrentStage ?? "?")}[/] with alias [bold]champion[/]");
        return production.CurrentStage == "Production"
            ? StepResult.Pass($"all {report.Results.Count} gates passed; {context.ModelUri(version)} is in Production")
            : StepResult.Fail($"{context.ModelUri(version)} is in stage {production.CurrentStage}, not Production");
    }
}
