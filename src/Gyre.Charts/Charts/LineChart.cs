namespace Gyre.Charts.Charts;

/// <summary>Lines through (x, y) points, one per series, in x order as given (e.g. a drift score over time).</summary>
public static class LineChart
{
    public static string Render(IReadOnlyList<PointSeries> series, ChartOptions options) =>
        PointChart.Render(series, options, drawLines: true, drawMarkers: false);
}
