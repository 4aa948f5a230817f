using System.Globalization;
using Gyre.Charts.Html;
using Gyre.Monitoring.Validation;

namespace Gyre.Monitoring.Reports;

/// <summary>A self-contained HTML page for a validation run: the verdict first, then every expectation with its numbers and examples.</summary>
public static class ValidationHtmlReport
{
    public static HtmlReport Build(ValidationReport report, DateTimeOffset generatedAt)
    {
        var page = new HtmlReport($"Validation: {report.SuiteName}",
            $"Data: {report.DataSource ?? "(in memory)"} ({report.RowCount} rows) · Generated {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        var verdict = report.Success ? Status.Ok : Status.Failed;
        page.Cards(
        [
            ("Suite", report.Success ? "PASSED" : "FAILED", verdict),
            ("Expectations passed", $"{report.Passed} of {report.Evaluated}", verdict),
            ("Failed", report.Failed.ToString(CultureInfo.InvariantCulture), report.Failed == 0 ? Status.Ok : Status.Failed),
        ]);
        page.Heading("Expectations");
        page.Table(["Expectation", "Column", "Result", "Unexpected", "Observed", "Details"],
            report.Results.Select((r, i) => new TableRow(
            [
                r.Expectation,
                r.Column ?? "(table)",
                r.Success ? "pass" : "FAIL",
                r.UnexpectedCount is { } n ? $"{n} ({(r.UnexpectedPercent ?? 0).ToString("0.##", CultureInfo.InvariantCulture)}%)" : "-",
                r.ObservedValue is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-",
                r.Message,
            ], r.Success ? Status.Ok : Status.Failed, r.Success || r.UnexpectedExamples.Count == 0 ? null : $"expectation-{i}")));

        var failures = report.Results.Select((r, i) => (r, i)).Where(x => !x.r.Success && x.r.UnexpectedExamples.Count > 0).ToList();
        if (failures.Count > 0)
        {
            page.Heading("Unexpected values");
            foreach (var (r, i) in failures)
            {
                page.BeginSection($"{r.Expectation} on {r.Column ?? "the table"}", Status.Failed, $"expectation-{i}",
                    r.Line > 0 ? $"suite line {r.Line}" : null);
                page.Paragraph(r.Message);
                page.Table(["Example values"], r.UnexpectedExamples.Select(e => new TableRow([e])));
                page.EndSection();
            }
        }
        return page;
    }
}
