using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 10: the retrained version must pass the gates on holdout data in the new distribution, including
/// "no significant regression" against the version in Production; it goes to Staging and is rolled out as
/// a canary (<c>PUT /api/gyre/deployments/{name}</c> with policy canary: 10 → 50 → 100 %, 2 s holds) while
/// shifted traffic keeps coming. The canary advances or rolls back by itself.
/// </summary>
internal sealed class CanaryStep : IQuickstartStep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public string Title => "Gate the new version and roll it out as a canary";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var baseline = context.ProductionVersion!;
        var candidate = context.RetrainedVersion!;
        context.Console.MarkupLine($"  gates for {Markup.Escape(context.ModelUri(candidate))} on {context.ShiftedHoldout!.RowCount:N0} holdout rows of the new distribution, baseline {Markup.Escape(context.ModelUri(baseline))}:");
        var report = await QualityGates.CheckAsync(context, candidate, context.ShiftedHoldout!, baseline, cancellationToken);
        if (!report.Passed)
            return StepResult.Fail($"{report.Results.Count(r => !r.Passed)} of {report.Results.Count} gates failed for {context.ModelUri(candidate)}; no rollout");
        await context.Tracking.Registry.TransitionModelVersionStageAsync(settings.ModelName, candidate, "Staging", cancellationToken: cancellationToken);

        var api = new DeploymentApi(context.Http);
        var spec = DeploymentSpecs.Canary(context, baseline, candidate, context.ShiftedReferenceData!);
        context.Console.MarkupLine($"  PUT /api/gyre/deployments/{Markup.Escape(settings.DeploymentName)} [grey]{Markup.Escape(spec["policy"]!.ToJsonString())}[/]");
        await api.UpdateAsync(settings.DeploymentName, spec, cancellationToken);

        var sender = new TrafficSender(context.Http, settings.DeploymentName, context.Features(context.ShiftedHoldout!), settings.RowsPerRequest);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var traffic = sender.SendAsync(null, null, stopTraffic.Token);
        string state = "progressing";
        JsonObject? status = null;
        try
        {
            await context.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"canary {DeploymentSpecs.VariantName(candidate)}", maxValue: 100);
                    var deadline = DateTime.UtcNow + Timeout;
                    while (state == "progressing" && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(250, cancellationToken);
                        status = await api.StatusAsync(settings.DeploymentName, cancellationToken);
                        var policy = status["state"] as JsonObject;
                        state = policy?["state"]?.GetValue<string>() ?? "unknown";
                        var percent = policy?["candidate_percent"]?.GetValue<double>() ?? 0;
                        task.Value = state == "progressing" ? percent : 100;
                        task.Description = $"canary {DeploymentSpecs.VariantName(candidate)}: {state}, {percent.ToString("0", CultureInfo.InvariantCulture)} % of traffic, {sender.Sent:N0} requests";
                    }
                });
        }
        finally
        {
            await stopTraffic.CancelAsync();
            await traffic;
        }
        context.CanaryState = state;
        context.Console.MarkupLine($"  {sender.Succeeded:N0} of {sender.Sent:N0} requests answered during the rollout, by {Markup.Escape(TrafficProgress.Describe(sender))}");
        if (sender.Failed > 0) return StepResult.Fail($"{sender.Failed} of {sender.Sent} requests failed during the rollout: {sender.LastError}");
        return state switch
        {
            "promoted" => StepResult.Pass($"{context.ModelUri(candidate)} passed {report.Results.Count} gates and its canary reached 100 % without a failed request"),
            "rolled_back" => StepResult.Fail($"the canary of {context.ModelUri(candidate)} was rolled back (see the events below)"),
            _ => StepResult.Fail($"the canary did not finish within {Timeout.TotalSeconds:0} s: {status?.ToJsonString()}"),
        };
    }
}
