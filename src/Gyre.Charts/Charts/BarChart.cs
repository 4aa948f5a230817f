using Gyre.Charts.Axes;

namespace Gyre.Charts.Charts;

/// <summary>Grouped bars: one group per category, one bar per series (e.g. reference vs current share per category).</summary>
public static class BarChart
{
    public static string Render(IReadOnlyList<string> categories, IReadOnlyList<ValueSeries> series, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var longest = categories.Count == 0 ? 0 : categories.Max(c => Math.Min(24, c.Length));
        var band = (options.Width - 80.0) / Math.Max(1, categories.Count);
        var extraBottom = longest * 6.5 > band ? (int)Math.Min(90, longest * 4.5) : 0;
        var frame = new ChartFrame(options, extraBottom);
        var values = series.SelectMany(s => s.Values).Where(double.IsFinite).ToArray();
        var min = Math.Min(0, values.DefaultIfEmpty(0).Min());
        var max = Math.Max(0, values.DefaultIfEmpty(1).Max());
        var y = new NiceScale(min, max <= min ? min + 1 : max);
        frame.DrawYAxis(y);
        var width = (frame.Right - frame.Left) / Math.Max(1, categories.Count);
        var barWidth = width * 0.8 / Math.Max(1, series.Count);
        var zero = frame.MapY(y, 0);
        for (var s = 0; s < series.Count; s++)
        {
            frame.Svg.BeginGroup("series", series[s].Name);
            for (var c = 0; c < categories.Count && c < series[s].Values.Count; c++)
            {
                var v = series[s].Values[c];
                if (!double.IsFinite(v)) continue;
                var x0 = frame.Left + width * c + width * 0.1 + barWidth * s;
                var py = frame.MapY(y, v);
                frame.Svg.Rect(x0, Math.Min(py, zero), barWidth, Math.Abs(zero - py), Svg.Palette.Color(s), 1,
                    $"{series[s].Name} / {categories[c]}: {Svg.Xml.Label(v)}");
            }
            frame.Svg.EndGroup();
        }
        frame.DrawCategoryAxis(categories);
        frame.DrawLegend(series.Select(s => s.Name).ToList());
        return frame.Svg.ToString();
    }
}
