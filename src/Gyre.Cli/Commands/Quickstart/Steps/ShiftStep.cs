using Gyre.Cli.Commands.Quickstart.Data;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart.Steps;

/// <summary>
/// Step 8: the incoming data changes (newer customers on pricier plans: tenure, monthly and total charges
/// shift). The deployment's drift monitor must detect it on its window of served rows and raise an alert,
/// which appears in the deployment's event log with its evidence.
/// </summary>
internal sealed class ShiftStep : IQuickstartStep
{
    public string Title => "Shift the incoming data: drift is detected and alerted";

    public async Task<StepResult> RunAsync(QuickstartContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var api = new DeploymentApi(context.Http);
        var alertsBefore = (await api.EventsAsync(settings.DeploymentName, cancellationToken)).Count(IsDriftAlert);
        context.ShiftedHoldout = ChurnShift.Apply(context.Holdout!);
        context.Console.MarkupLine($"  shifting {string.Join(", ", ChurnShift.ShiftedColumns)}: tenure x 0.4, monthly charges x 1.25 + 12, total charges follow");
        var sender = new TrafficSender(context.Http, settings.DeploymentName, context.Features(context.ShiftedHoldout), settings.RowsPerRequest);
        await TrafficProgress.SendAsync(context, sender, settings.ShiftedRequests, "shifted traffic", cancellationToken);
        if (sender.Failed > 0) return StepResult.Fail($"{sender.Failed} of {sender.Sent} shifted requests failed: {sender.LastError}");

        var drift = await DriftWatch.WaitForVerdictAsync(context, TimeSpan.FromSeconds(20), cancellationToken, wantDrift: true);
        DriftWatch.Print(context, drift);
        DeploymentEventView? alert = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (alert is null && DateTime.UtcNow < deadline)
        {
            var alerts = (await api.EventsAsync(settings.DeploymentName, cancellationToken)).Where(IsDriftAlert).ToArray();
            if (alerts.Length > alertsBefore) alert = alerts[^1];
            else await Task.Delay(500, cancellationToken);
        }
        if (alert is null)
            return StepResult.Fail($"no data-drift alert in the events of deployment '{settings.DeploymentName}' (gyre_dataset_drift={drift.DatasetDrift})");
        context.DriftAlert = alert;
        context.Console.MarkupLine($"  [yellow]alert[/] {Markup.Escape(alert.Reason)}");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("evidence", "value");
        foreach (var (name, value) in alert.Evidence) table.AddRow(Markup.Escape(name), value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
        context.Console.Write(table);
        var shiftedFound = ChurnShift.ShiftedColumns.Count(c => drift.DriftedFeatures.Contains(c));
        return drift.DatasetDrift == 1 && shiftedFound >= 2
            ? StepResult.Pass($"drift detected on {string.Join(", ", drift.DriftedFeatures)} and alerted in the event log")
            : StepResult.Fail($"the alert came, but the gauges do not show the shifted columns drifting (drifted: {string.Join(", ", drift.DriftedFeatures)})");
    }

    public static bool IsDriftAlert(DeploymentEventView e) => e.Kind == "alert" && e.Reason.StartsWith("data_drift", StringComparison.Ordinal);
}
