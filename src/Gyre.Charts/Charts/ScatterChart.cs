namespace Gyre.Charts.Charts;

/// <summary>Markers at (x, y) points, one colour per series (e.g. prediction vs label).</summary>
public static class ScatterChart
{
    public static string Render(IReadOnlyList<PointSeries> series, ChartOptions options) =>
        PointChart.Render(series, options, drawLines: false, drawMarkers: true);
}
