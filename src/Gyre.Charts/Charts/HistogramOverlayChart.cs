using Gyre.Charts.Axes;

namespace Gyre.Charts.Charts;

/// <summary>
/// Two or more distributions over the same bins, drawn as translucent overlapping bars (e.g. reference
/// vs current share of rows per bin).
/// </summary>
public static class HistogramOverlayChart
{
    /// <param name="edges">Bin edges, ascending; bin i spans edges[i]..edges[i+1].</param>
    /// <param name="series">Heights per bin (edges.Count - 1 values each).</param>
    public static string Render(IReadOnlyList<double> edges, IReadOnlyList<ValueSeries> series, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(series);
        var frame = new ChartFrame(options);
        var bins = Math.Max(0, edges.Count - 1);
        var finiteEdges = edges.Where(double.IsFinite).ToArray();
        var x = finiteEdges.Length >= 2 ? new NiceScale(finiteEdges.Min(), finiteEdges.Max()) : new NiceScale(0, 1);
        var maxHeight = series.SelectMany(s => s.Values).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var y = new NiceScale(0, maxHeight <= 0 ? 1 : maxHeight);
        frame.DrawYAxis(y);
        for (var s = 0; s < series.Count; s++)
        {
            frame.Svg.BeginGroup("series", series[s].Name);
            var values = series[s].Values;
            for (var b = 0; b < bins && b < values.Count; b++)
            {
                var h = values[b];
                if (!double.IsFinite(h) || !double.IsFinite(edges[b]) || !double.IsFinite(edges[b + 1])) continue;
                var x0 = frame.MapX(x, edges[b]);
                var x1 = frame.MapX(x, edges[b + 1]);
                var top = frame.MapY(y, h);
                frame.Svg.Rect(x0, top, x1 - x0, frame.Bottom - top, Svg.Palette.Color(s), 0.45,
                    $"{series[s].Name}: [{Svg.Xml.Label(edges[b])}, {Svg.Xml.Label(edges[b + 1])}) = {Svg.Xml.Label(h)}");
            }
            frame.Svg.EndGroup();
        }
        frame.DrawXAxis(x);
        frame.DrawLegend(series.Select(s => s.Name).ToList());
        return frame.Svg.ToString();
    }
}
