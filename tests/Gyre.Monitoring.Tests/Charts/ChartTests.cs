using System.Xml.Linq;
using Gyre.Charts.Charts;
using Gyre.Charts.Html;

namespace Gyre.Monitoring.Tests.Charts;

public class ChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return doc;
    }

    private static IEnumerable<string> Texts(XDocument doc) => doc.Descendants(Svg + "text").Select(t => t.Value);

    private static XElement SeriesGroup(XDocument doc, string name) =>
        doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "series" && (string?)g.Attribute("data-series") == name);

    [Fact]
    public void Histogram_overlay_draws_one_bar_per_bin_per_series_with_axis_labels_and_legend()
    {
        var svg = HistogramOverlayChart.Render([0, 10, 20, 30],
            [new ValueSeries("reference", [0.2, 0.5, 0.3]), new ValueSeries("current", [0.1, 0.3, 0.6])],
            new ChartOptions { Title = "feat_x", XLabel = "value", YLabel = "share of rows" });
        var doc = Parse(svg);
        Assert.Equal(3, SeriesGroup(doc, "reference").Elements(Svg + "rect").Count());
        Assert.Equal(3, SeriesGroup(doc, "current").Elements(Svg + "rect").Count());
        var texts = Texts(doc).ToList();
        Assert.Contains("value", texts);
        Assert.Contains("share of rows", texts);
        Assert.Contains("feat_x", texts);
        Assert.Contains("reference", texts); // legend
        Assert.Contains("current", texts);
        Assert.Contains("30", texts); // x tick at the last edge
        // The tallest bar (0.6) reaches higher (smaller y) than the 0.5 bar.
        var currentTop = SeriesGroup(doc, "current").Elements(Svg + "rect").Select(r => (double)r.Attribute("y")!).Min();
        var referenceTop = SeriesGroup(doc, "reference").Elements(Svg + "rect").Select(r => (double)r.Attribute("y")!).Min();
        Assert.True(currentTop < referenceTop);
    }

    [Fact]
    public void Names_with_markup_characters_are_escaped_and_round_trip()
    {
        const string nasty = "a<b & \"c\" >d'";
        var svg = BarChart.Render(["x<y", "R&D"], [new ValueSeries(nasty, [1, 2])],
            new ChartOptions { Title = "<script>alert(1)</script>", XLabel = "cat & dog", YLabel = "n<5" });
        var doc = Parse(svg);
        Assert.DoesNotContain("<script>", svg);
        var texts = Texts(doc).ToList();
        Assert.Contains("x<y", texts);
        Assert.Contains("R&D", texts);
        Assert.Contains("cat & dog", texts);
        Assert.Contains("n<5", texts);
        Assert.Equal(2, SeriesGroup(doc, nasty).Elements(Svg + "rect").Count());
    }

    [Fact]
    public void Grouped_bar_chart_has_a_bar_per_category_and_series()
    {
        var svg = BarChart.Render(["red", "green", "blue"],
            [new ValueSeries("reference", [0.4, 0.3, 0.3]), new ValueSeries("current", [0.2, 0.3, 0.5])],
            new ChartOptions { XLabel = "category", YLabel = "share" });
        var doc = Parse(svg);
        foreach (var name in new[] { "reference", "current" })
            Assert.Equal(3, SeriesGroup(doc, name).Elements(Svg + "rect").Count());
        var texts = Texts(doc).ToList();
        Assert.Contains("red", texts);
        Assert.Contains("blue", texts);
        Assert.Contains("share", texts);
    }

    [Fact]
    public void Line_chart_skips_non_finite_points_and_scatter_draws_markers()
    {
        var line = Parse(LineChart.Render([new PointSeries("psi", [1, 2, 3, 4], [0.1, double.NaN, 0.3, 0.2])],
            new ChartOptions { XLabel = "window", YLabel = "PSI" }));
        var points = ((string)SeriesGroup(line, "psi").Element(Svg + "polyline")!.Attribute("points")!).Split(' ');
        Assert.Equal(3, points.Length);
        Assert.Contains("window", Texts(line));

        var scatter = Parse(ScatterChart.Render(
            [new PointSeries("a", [0, 1], [0, 1]), new PointSeries("b", [2, 3, 4], [1, 0, double.PositiveInfinity])],
            new ChartOptions { XLabel = "x", YLabel = "y" }));
        Assert.Equal(2, SeriesGroup(scatter, "a").Elements(Svg + "circle").Count());
        Assert.Equal(2, SeriesGroup(scatter, "b").Elements(Svg + "circle").Count());
    }

    [Fact]
    public void Empty_and_constant_series_still_render_valid_svg()
    {
        Parse(LineChart.Render([], new ChartOptions()));
        Parse(HistogramOverlayChart.Render([5, 5], [new ValueSeries("only", [1])], new ChartOptions()));
        Parse(BarChart.Render([], [], new ChartOptions()));
        Parse(ScatterChart.Render([new PointSeries("c", [1, 1], [2, 2])], new ChartOptions()));
    }

    [Fact]
    public void Html_report_is_self_contained_and_escapes_text()
    {
        var chart = BarChart.Render(["a"], [new ValueSeries("s", [1])], new ChartOptions());
        var html = new HtmlReport("Drift <report>", "ref & cur")
            .Cards([("Drifted columns", "1 of 2", Status.Failed)])
            .Table(["column", "verdict"], [new TableRow(["x<1", "drift"], Status.Failed, "col-x")])
            .BeginSection("x<1", Status.Failed, "col-x", "drift").Chart(chart).Facts([("p-value", "0.01")]).EndSection()
            .ToHtml();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<style>", html);
        Assert.Contains("<svg", html);
        Assert.Contains("Drift &lt;report&gt;", html);
        Assert.Contains("x&lt;1", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Chart("<b>not svg</b>"));
    }
}
