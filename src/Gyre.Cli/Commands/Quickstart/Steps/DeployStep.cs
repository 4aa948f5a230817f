using System.Text.Json.Nodes;
using Gyre.Core.Data;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 6: deploys the Production version through <c>POST /api/gyre/deployments</c> with the training
/// features (logged with the version's run) as reference data for drift monitoring, then checks that it
/// answers a scoring request.
/// </summary>
internal sealed class DeployStep : IQuickstartStep
{
    public string Title => "Deploy the Production version";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var api = new DeploymentApi(context.Http);
        var name = context.Settings.DeploymentName;
        var version = context.ProductionVersion!;
        var referenceCsv = Path.Combine(context.WorkDirectory, "data", "reference.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(referenceCsv)!);
        CsvTable.Write(context.Features(context.Train!), referenceCsv);
        var registered = await context.Tracking.Registry.GetModelVersionAsync(context.Settings.ModelName, version, cancellationToken);
        context.ReferenceData = await ReferenceData.LogAsync(context, registered.RunId!, referenceCsv, cancellationToken);

        if (await api.DeleteIfExistsAsync(name, cancellationToken))
            context.Console.MarkupLine($"  replaced the deployment '{Markup.Escape(name)}' of an earlier quickstart");
        var spec = DeploymentSpecs.Single(context, version, context.ReferenceData);
        context.Console.MarkupLine($"  POST /api/gyre/deployments [grey]{Markup.Escape(spec.ToJsonString())}[/]");
        await api.CreateAsync(spec, cancellationToken);

        var status = await api.StatusAsync(name, cancellationToken);
        var variant = DeploymentSpecs.VariantName(version);
        var share = status["shares"]?[variant]?.GetValue<double>();
        var served = (status["variants"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v["name"]?.GetValue<string>() == variant);
        var probe = new TrafficSender(context.Http, name, context.Features(context.Holdout!.Slice(0, context.Settings.RowsPerRequest)), context.Settings.RowsPerRequest, 1);
        await probe.SendAsync(1, null, cancellationToken);
        context.Console.MarkupLine($"  prediction log: {Markup.Escape(DeploymentSpecs.PredictionLogDirectory(context))}");
        context.Console.MarkupLine($"  scoring at [bold]{context.ServerAddress}deployments/{Markup.Escape(name)}/invocations[/] (MLflow protocol) and {context.ServerAddress}v2/models/{Markup.Escape(name)}/infer (Open Inference Protocol)");
        if (share != 1.0 || served?["version"]?.GetValue<string>() != version)
            return StepResult.Fail($"deployment '{name}' does not route all traffic to {context.ModelUri(version)}: {status.ToJsonString()}");
        return probe.Succeeded == 1
            ? StepResult.Pass($"deployment '{name}' serves {context.ModelUri(version)} with drift monitoring against {context.Train!.RowCount:N0} reference rows")
            : StepResult.Fail($"deployment '{name}' did not answer a scoring request: {probe.LastError}");
    }
}
