using Gyre.Charts.Axes;

namespace Gyre.Charts.Charts;

/// <summary>The shared renderer behind line and scatter charts.</summary>
internal static class PointChart
{
    public static string Render(IReadOnlyList<PointSeries> series, ChartOptions options, bool drawLines, bool drawMarkers)
    {
        ArgumentNullException.ThrowIfNull(series);
        var frame = new ChartFrame(options);
        var points = series.Select(s => s.FinitePoints().ToList()).ToList();
        var all = points.SelectMany(p => p).ToList();
        var x = all.Count == 0 ? new NiceScale(0, 1) : new NiceScale(all.Min(p => p.X), all.Max(p => p.X));
        var y = all.Count == 0 ? new NiceScale(0, 1) : new NiceScale(all.Min(p => p.Y), all.Max(p => p.Y));
        frame.DrawYAxis(y);
        for (var s = 0; s < series.Count; s++)
        {
            var color = Svg.Palette.Color(s);
            frame.Svg.BeginGroup("series", series[s].Name);
            var mapped = points[s].Select(p => (frame.MapX(x, p.X), frame.MapY(y, p.Y))).ToList();
            if (drawLines && mapped.Count > 0) frame.Svg.Polyline(mapped, color);
            if (drawMarkers)
                for (var i = 0; i < mapped.Count; i++)
                    frame.Svg.Circle(mapped[i].Item1, mapped[i].Item2, 3, color, 0.7,
                        $"{series[s].Name}: ({Svg.Xml.Label(points[s][i].X)}, {Svg.Xml.Label(points[s][i].Y)})");
            frame.Svg.EndGroup();
        }
        frame.DrawXAxis(x);
        frame.DrawLegend(series.Select(s => s.Name).ToList());
        return frame.Svg.ToString();
    }
}
