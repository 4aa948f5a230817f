using Gyre.Charts.Axes;
using Gyre.Charts.Svg;

namespace Gyre.Charts.Charts;

/// <summary>The parts every chart shares: title, plot area, axes with ticks and labels, legend.</summary>
internal sealed class ChartFrame
{
    private const int MarginLeft = 64, MarginRight = 16, MarginTop = 40, MarginBottom = 56;

    public SvgDocument Svg { get; }
    public double Left { get; }
    public double Right { get; }
    public double Top { get; }
    public double Bottom { get; }
    private readonly ChartOptions _options;

    public ChartFrame(ChartOptions options, int extraBottom = 0)
    {
        _options = options;
        var width = Math.Max(200, options.Width);
        var height = Math.Max(150, options.Height);
        Svg = new SvgDocument(width, height, options.Title);
        Left = MarginLeft;
        Right = width - MarginRight;
        Top = MarginTop;
        Bottom = height - MarginBottom - extraBottom;
        if (!string.IsNullOrEmpty(options.Title))
            Svg.Text(width / 2.0, 20, options.Title, "middle", 14, "#111111", bold: true);
        if (!string.IsNullOrEmpty(options.XLabel))
            Svg.Text((Left + Right) / 2, height - 10, options.XLabel, "middle", 12, "#333333");
        if (!string.IsNullOrEmpty(options.YLabel))
            Svg.Text(16, (Top + Bottom) / 2, options.YLabel, "middle", 12, "#333333", rotate: -90);
    }

    public double MapX(NiceScale scale, double value) => scale.Map(value, Left, Right);
    public double MapY(NiceScale scale, double value) => scale.Map(value, Bottom, Top);

    /// <summary>Horizontal grid lines, y tick labels and the y axis line.</summary>
    public void DrawYAxis(NiceScale y)
    {
        Svg.BeginGroup("y-axis");
        foreach (var tick in y.Ticks())
        {
            var py = MapY(y, tick);
            Svg.Line(Left, py, Right, py, "#e5e5e5");
            Svg.Text(Left - 6, py + 4, Xml.Label(tick), "end", 11, "#555555");
        }
        Svg.Line(Left, Top, Left, Bottom, "#333333");
        Svg.EndGroup();
    }

    /// <summary>Numeric x ticks and the x axis line.</summary>
    public void DrawXAxis(NiceScale x)
    {
        Svg.BeginGroup("x-axis");
        foreach (var tick in x.Ticks())
        {
            var px = MapX(x, tick);
            Svg.Line(px, Bottom, px, Bottom + 5, "#333333");
            Svg.Text(px, Bottom + 18, Xml.Label(tick), "middle", 11, "#555555");
        }
        Svg.Line(Left, Bottom, Right, Bottom, "#333333");
        Svg.EndGroup();
    }

    /// <summary>Category labels centred under each band; rotated when they would overlap.</summary>
    public void DrawCategoryAxis(IReadOnlyList<string> categories)
    {
        Svg.BeginGroup("x-axis");
        var band = (Right - Left) / Math.Max(1, categories.Count);
        var longest = categories.Count == 0 ? 0 : categories.Max(c => c.Length);
        var rotate = longest * 6.5 > band;
        for (var i = 0; i < categories.Count; i++)
        {
            var cx = Left + band * (i + 0.5);
            var label = categories[i].Length > 24 ? categories[i][..23] + "…" : categories[i];
            if (rotate) Svg.Text(cx, Bottom + 14, label, "end", 11, "#555555", rotate: -35);
            else Svg.Text(cx, Bottom + 18, label, "middle", 11, "#555555");
        }
        Svg.Line(Left, Bottom, Right, Bottom, "#333333");
        Svg.EndGroup();
    }

    /// <summary>Legend in one row above the plot area, right-aligned.</summary>
    public void DrawLegend(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return;
        Svg.BeginGroup("legend");
        var x = Right;
        for (var i = names.Count - 1; i >= 0; i--)
        {
            var label = names[i].Length > 30 ? names[i][..29] + "…" : names[i];
            var width = label.Length * 6.5 + 18;
            x -= width;
            Svg.Rect(x, Top - 16, 10, 10, Palette.Color(i));
            Svg.Text(x + 14, Top - 7, label, "start", 11, "#333333");
            x -= 8;
        }
        Svg.EndGroup();
    }
}
