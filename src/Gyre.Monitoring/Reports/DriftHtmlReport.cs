using System.Globalization;
using Gyre.Charts.Charts;
using Gyre.Charts.Html;
using Gyre.Monitoring.Drift;

namespace Gyre.Monitoring.Reports;

/// <summary>
/// A self-contained HTML drift report: the dataset verdict and a table of every column at the top, then
/// one section per column with the reference/current distributions overlaid, the method, statistic,
/// p-value or distance, threshold and verdict.
/// </summary>
public static class DriftHtmlReport
{
    private const int MaxChartCategories = 40;

    public static HtmlReport Build(DatasetDriftResult result, string referenceName, string currentName, DateTimeOffset generatedAt)
    {
        var report = new HtmlReport("Data drift report",
            $"Reference: {referenceName} ({result.ReferenceRows} rows) · Current: {currentName} ({result.CurrentRows} rows) · Generated {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");

        var verdict = result.DatasetDrift ? Status.Failed : Status.Ok;
        var cards = new List<(string, string, Status)>
        {
            ("Dataset drift", result.DatasetDrift ? "DETECTED" : "not detected", verdict),
            ("Drifted columns", $"{result.DriftedColumns} of {result.EvaluatedColumns}", verdict),
            ("Drift share", $"{result.DriftShare:P0} (threshold {result.DriftShareThreshold:P0})", Status.Neutral),
        };
        if (result.NotEvaluatedColumns > 0) cards.Add(("Not evaluated", result.NotEvaluatedColumns.ToString(CultureInfo.InvariantCulture), Status.Warning));
        if (result.PredictionDrift is { } prediction) cards.Add(("Prediction drift", VerdictText(prediction), StatusOf(prediction)));
        if (result.TargetDrift is { } target) cards.Add(("Target drift", VerdictText(target), StatusOf(target)));
        report.Cards(cards);

        report.Heading("Columns");
        report.Table(["Column", "Type", "Method", "Statistic", "p-value", "Threshold", "Verdict"],
            result.Columns.Select((c, i) => new TableRow(
            [
                c.Column + (c.Role == ColumnRole.Feature ? "" : $" ({c.Role.ToString().ToLowerInvariant()})"),
                c.Type?.ToString().ToLowerInvariant() ?? "-",
                c.Method ?? "-",
                Number(c.Statistic),
                Number(c.PValue),
                c.DriftRule ?? "-",
                VerdictText(c),
            ], StatusOf(c), Anchor(i))));

        report.Heading("Column details");
        for (var i = 0; i < result.Columns.Count; i++)
        {
            var c = result.Columns[i];
            report.BeginSection(c.Column, StatusOf(c), Anchor(i), VerdictText(c));
            report.Paragraph(c.Message, StatusOf(c) == Status.Warning ? Status.Warning : Status.Neutral);
            if (c.Distribution is { } distribution) report.Chart(Chart(c, distribution));
            var facts = new List<(string, string)>
            {
                ("Method", c.Method ?? "-"),
                (c.MethodKind == DriftMethodKind.PValue ? "Test statistic" : "Distance", Number(c.Statistic)),
            };
            if (c.PValue is not null) facts.Add(("p-value", Number(c.PValue)));
            facts.Add(("Drift when", c.DriftRule ?? "-"));
            facts.Add(("Values (reference / current)", $"{c.ReferenceCount} / {c.CurrentCount}"));
            facts.Add(("Missing (reference / current)", $"{c.ReferenceMissing} / {c.CurrentMissing}"));
            if (c.NewCategories.Count > 0) facts.Add(("New categories", string.Join(", ", c.NewCategories)));
            report.Facts(facts);
            report.EndSection();
        }
        return report;
    }

    private static string Chart(ColumnDriftResult column, DriftDistribution distribution)
    {
        var options = new ChartOptions { Title = column.Column, YLabel = "share of values", Width = 720, Height = 300 };
        if (distribution.Edges is { } edges)
            return HistogramOverlayChart.Render(edges,
                [new ValueSeries("reference", distribution.Reference), new ValueSeries("current", distribution.Current)],
                options with { XLabel = column.Column });
        var categories = distribution.Categories ?? [];
        // Many categories: chart the most frequent ones (the table and JSON keep them all).
        var order = Enumerable.Range(0, categories.Count)
            .OrderByDescending(i => distribution.Reference[i] + distribution.Current[i]).Take(MaxChartCategories).Order().ToArray();
        return BarChart.Render(order.Select(i => categories[i]).ToArray(),
            [new ValueSeries("reference", order.Select(i => distribution.Reference[i]).ToArray()),
             new ValueSeries("current", order.Select(i => distribution.Current[i]).ToArray())],
            options with { XLabel = categories.Count > MaxChartCategories ? $"{column.Column} (top {MaxChartCategories} of {categories.Count} categories)" : column.Column });
    }

    internal static string VerdictText(ColumnDriftResult c) => c.Drift switch
    {
        true => "drift",
        false => "no drift",
        null => "not evaluated",
    };

    private static Status StatusOf(ColumnDriftResult c) => c.Drift switch
    {
        true => Status.Failed,
        false => Status.Ok,
        null => Status.Warning,
    };

    private static string Anchor(int index) => $"column-{index}";

    internal static string Number(double? value) => value switch
    {
        null => "-",
        { } v when double.IsPositiveInfinity(v) => "∞",
        { } v when v != 0 && Math.Abs(v) < 1e-4 => v.ToString("0.###E+0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
