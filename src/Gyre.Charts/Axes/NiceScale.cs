namespace Gyre.Charts.Axes;

/// <summary>
/// A linear axis range with "nice" tick steps (1, 2, 5 x 10^k) covering the data, so tick labels are
/// round numbers a reader can compare at a glance.
/// </summary>
public sealed class NiceScale
{
    public double Min { get; }
    public double Max { get; }
    public double Step { get; }

    public NiceScale(double dataMin, double dataMax, int maxTicks = 6)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax)) { dataMin = 0; dataMax = 1; }
        if (dataMin > dataMax) (dataMin, dataMax) = (dataMax, dataMin);
        if (dataMin == dataMax)
        {
            // A constant series still needs a visible range around it.
            var pad = dataMin == 0 ? 1 : Math.Abs(dataMin) * 0.1;
            dataMin -= pad; dataMax += pad;
        }
        var step = NiceNumber((dataMax - dataMin) / Math.Max(1, maxTicks - 1));
        Step = step;
        Min = Math.Floor(dataMin / step) * step;
        Max = Math.Ceiling(dataMax / step) * step;
    }

    /// <summary>Tick positions from Min to Max inclusive.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        var count = (int)Math.Round((Max - Min) / Step);
        for (var i = 0; i <= count && i < 100; i++)
        {
            var t = Min + i * Step;
            // Snap tiny floating residues (e.g. 1e-17) to zero so labels read "0".
            ticks.Add(Math.Abs(t) < Step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    /// <summary>Maps a data value to a pixel position between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public double Map(double value, double from, double to) =>
        from + (value - Min) / (Max - Min) * (to - from);

    private static double NiceNumber(double range)
    {
        if (range <= 0 || !double.IsFinite(range)) return 1;
        var exponent = Math.Floor(Math.Log10(range));
        var fraction = range / Math.Pow(10, exponent);
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * Math.Pow(10, exponent);
    }
}
