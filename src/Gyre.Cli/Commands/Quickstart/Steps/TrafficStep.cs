using System.Globalization;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 7: simulated clients send real scoring requests (holdout rows, the same distribution as training)
/// to the deployment; every request must succeed, and the drift monitor must see no drift.
/// </summary>
internal sealed class TrafficStep : IQuickstartStep
{
    public string Title => "Send simulated traffic";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var sender = new TrafficSender(context.Http, settings.DeploymentName, context.Features(context.Holdout!), settings.RowsPerRequest);
        await TrafficProgress.SendAsync(context, sender, settings.TrafficRequests, "traffic", cancellationToken);
        context.Console.MarkupLine($"  {sender.Succeeded:N0} of {sender.Sent:N0} requests answered ({sender.Sent * settings.RowsPerRequest:N0} rows), " +
                                   $"client p99 {sender.P99Milliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms; answered by {Markup.Escape(TrafficProgress.Describe(sender))}");

        // Let the drift monitor judge the window at least once (it evaluates every second).
        var drift = await DriftWatch.WaitForVerdictAsync(context, TimeSpan.FromSeconds(15), cancellationToken);
        DriftWatch.Print(context, drift);
        if (sender.Failed > 0) return StepResult.Fail($"{sender.Failed} of {sender.Sent} requests failed: {sender.LastError}");
        if (drift.DatasetDrift is null) return StepResult.Fail("the drift monitor gave no verdict on the served window (no gyre_dataset_drift gauge for the deployment)");
        return drift.DatasetDrift == 0
            ? StepResult.Pass($"{sender.Sent:N0} requests served without an error; no drift on the last {drift.WindowRows:N0} rows")
            : StepResult.Fail($"the drift monitor reports drift before the distribution changed (share {drift.DriftShare})");
    }
}
