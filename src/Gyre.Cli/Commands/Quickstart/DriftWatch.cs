using System.Globalization;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>The deployment's drift gauges as <c>/metrics</c> exports them (gyre_dataset_drift, gyre_drift_detected, ...).</summary>
internal sealed record DriftReading(double? DatasetDrift, double? DriftShare, double WindowRows, IReadOnlyList<string> DriftedFeatures, IReadOnlyList<MetricSample> Scores);

internal static class DriftWatch
{
    /// <summary>Reads the gauges until the monitor has judged a window (or <paramref name="timeout"/> passes).</summary>
    public static async Task<DriftReading> WaitForVerdictAsync(QuickstartContext context, TimeSpan timeout, CancellationToken ct, bool wantDrift = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        // One evaluation after the last request: the monitor judges about once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        while (true)
        {
            var reading = await ReadAsync(context, ct);
            var settled = reading.DatasetDrift is not null && (!wantDrift || reading.DatasetDrift == 1);
            if (settled || DateTime.UtcNow >= deadline) return reading;
            await Task.Delay(500, ct);
        }
    }

    public static async Task<DriftReading> ReadAsync(QuickstartContext context, CancellationToken ct)
    {
        var samples = await MetricSample.ScrapeAsync(context.Http, context.Settings.DeploymentName, ct);
        double? Gauge(string name) => samples.FirstOrDefault(s => s.Name == name) is { } s ? s.Value : null;
        return new DriftReading(
            Gauge("gyre_dataset_drift"),
            Gauge("gyre_dataset_drift_share"),
            Gauge("gyre_drift_window_rows") ?? 0,
            samples.Where(s => s.Name == "gyre_drift_detected" && s.Value == 1).Select(s => s.Labels.GetValueOrDefault("feature") ?? s.Labels.GetValueOrDefault("column") ?? "?").ToArray(),
            samples.Where(s => s.Name == "gyre_drift_score").ToArray());
    }

    public static void Print(QuickstartContext context, DriftReading reading)
    {
        var share = reading.DriftShare is { } s ? s.ToString("0.###", CultureInfo.InvariantCulture) : "none";
        context.Console.MarkupLine($"  /metrics: gyre_dataset_drift={Format(reading.DatasetDrift)}, gyre_dataset_drift_share={share}, gyre_drift_window_rows={reading.WindowRows:N0}" +
                                   (reading.DriftedFeatures.Count > 0 ? $", drifted: {Markup.Escape(string.Join(", ", reading.DriftedFeatures))}" : ""));
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "none";
}
