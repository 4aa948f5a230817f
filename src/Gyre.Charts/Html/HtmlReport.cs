using System.Text;
using Gyre.Charts.Svg;

namespace Gyre.Charts.Html;

/// <summary>
/// Builds a self-contained HTML page (inline CSS and SVG, no scripts, no network) from headings,
/// summary cards, tables, text and charts. Every piece of text is escaped; only SVG produced by the
/// chart builders is inserted verbatim.
/// </summary>
public sealed class HtmlReport
{
    private readonly string _title;
    private readonly StringBuilder _body = new();

    public HtmlReport(string title, string? subtitle = null)
    {
        _title = title;
        _body.Append("<header><h1>").Append(Xml.Escape(title)).Append("</h1>");
        if (!string.IsNullOrEmpty(subtitle)) _body.Append("<p class=\"subtitle\">").Append(Xml.Escape(subtitle)).Append("</p>");
        _body.Append("</header>");
    }

    public HtmlReport Heading(string text, int level = 2, string? id = null)
    {
        level = Math.Clamp(level, 2, 4);
        _body.Append("<h").Append(level);
        if (id is not null) _body.Append(" id=\"").Append(Xml.Escape(id)).Append('"');
        _body.Append('>').Append(Xml.Escape(text)).Append("</h").Append(level).Append('>');
        return this;
    }

    public HtmlReport Paragraph(string text, Status status = Status.Neutral)
    {
        _body.Append("<p class=\"").Append(CssClass(status)).Append("\">").Append(Xml.Escape(text)).Append("</p>");
        return this;
    }

    /// <summary>A row of large figures (e.g. "Drifted columns: 5 of 9").</summary>
    public HtmlReport Cards(IEnumerable<(string Label, string Value, Status Status)> cards)
    {
        _body.Append("<div class=\"cards\">");
        foreach (var (label, value, status) in cards)
            _body.Append("<div class=\"card ").Append(CssClass(status)).Append("\"><div class=\"value\">").Append(Xml.Escape(value))
                 .Append("</div><div class=\"label\">").Append(Xml.Escape(label)).Append("</div></div>");
        _body.Append("</div>");
        return this;
    }

    /// <summary>A table; each row may carry a status that colours it, and a cell may link to an anchor.</summary>
    public HtmlReport Table(IReadOnlyList<string> headers, IEnumerable<TableRow> rows)
    {
        _body.Append("<table><thead><tr>");
        foreach (var h in headers) _body.Append("<th>").Append(Xml.Escape(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            _body.Append("<tr class=\"").Append(CssClass(row.Status)).Append("\">");
            for (var i = 0; i < row.Cells.Count; i++)
            {
                _body.Append("<td>");
                if (i == 0 && row.LinkId is not null)
                    _body.Append("<a href=\"#").Append(Xml.Escape(row.LinkId)).Append("\">").Append(Xml.Escape(row.Cells[i])).Append("</a>");
                else _body.Append(Xml.Escape(row.Cells[i]));
                _body.Append("</td>");
            }
            _body.Append("</tr>");
        }
        _body.Append("</tbody></table>");
        return this;
    }

    /// <summary>Inserts an SVG chart made by <see cref="Charts"/> builders.</summary>
    public HtmlReport Chart(string svg)
    {
        if (!svg.StartsWith("<svg", StringComparison.Ordinal))
            throw new ArgumentException("Only SVG documents produced by the chart builders can be inserted.", nameof(svg));
        _body.Append("<figure>").Append(svg).Append("</figure>");
        return this;
    }

    /// <summary>Opens a bordered section (one per column, one per expectation).</summary>
    public HtmlReport BeginSection(string title, Status status = Status.Neutral, string? id = null, string? badge = null)
    {
        _body.Append("<section class=\"").Append(CssClass(status)).Append('"');
        if (id is not null) _body.Append(" id=\"").Append(Xml.Escape(id)).Append('"');
        _body.Append("><h3>").Append(Xml.Escape(title));
        if (badge is not null) _body.Append(" <span class=\"badge ").Append(CssClass(status)).Append("\">").Append(Xml.Escape(badge)).Append("</span>");
        _body.Append("</h3>");
        return this;
    }

    public HtmlReport EndSection()
    {
        _body.Append("</section>");
        return this;
    }

    /// <summary>Label/value pairs as a compact definition list.</summary>
    public HtmlReport Facts(IEnumerable<(string Label, string Value)> facts)
    {
        _body.Append("<dl>");
        foreach (var (label, value) in facts)
            _body.Append("<dt>").Append(Xml.Escape(label)).Append("</dt><dd>").Append(Xml.Escape(value)).Append("</dd>");
        _body.Append("</dl>");
        return this;
    }

    public string ToHtml() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>" + Xml.Escape(_title) + "</title><style>" + Css + "</style></head><body>" + _body + "</body></html>\n";

    /// <summary>Writes the page to a temp file beside <paramref name="path"/>, then renames it, so a reader never sees half a report.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        await File.WriteAllTextAsync(temp, ToHtml(), new UTF8Encoding(false), cancellationToken);
        File.Move(temp, full, overwrite: true);
    }

    private static string CssClass(Status status) => status switch
    {
        Status.Ok => "ok",
        Status.Warning => "warn",
        Status.Failed => "fail",
        _ => "neutral",
    };

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d1d1f;background:#fafafa}" +
        "h1{margin:0 0 4px;font-size:26px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{margin:0 0 8px}" +
        ".subtitle{color:#666;margin:0 0 16px}" +
        ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 16px;min-width:150px}" +
        ".card .value{font-size:24px;font-weight:600}.card .label{color:#666;font-size:13px}" +
        ".card.ok{border-left:5px solid #2e7d32}.card.fail{border-left:5px solid #c62828}.card.warn{border-left:5px solid #ef6c00}" +
        "table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}th,td{border:1px solid #e0e0e0;padding:6px 8px;text-align:left}" +
        "th{background:#f0f0f0}tr.fail td{background:#fdecea}tr.warn td{background:#fff4e5}tr.ok td{background:#f1f8f1}" +
        "section{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px;margin:16px 0}section.fail{border-left:5px solid #c62828}" +
        "section.ok{border-left:5px solid #2e7d32}section.warn{border-left:5px solid #ef6c00}" +
        ".badge{font-size:12px;padding:2px 8px;border-radius:10px;vertical-align:middle;color:#fff;background:#777}" +
        ".badge.ok{background:#2e7d32}.badge.fail{background:#c62828}.badge.warn{background:#ef6c00}" +
        "p.fail{color:#c62828;font-weight:600}p.ok{color:#2e7d32;font-weight:600}p.warn{color:#ef6c00}" +
        "dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}dt{color:#666}dd{margin:0;font-variant-numeric:tabular-nums}" +
        "figure{margin:8px 0}svg{max-width:100%;height:auto}";
}
