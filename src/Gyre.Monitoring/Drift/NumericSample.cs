namespace Gyre.Monitoring.Drift;

/// <summary>
/// One side of a numeric column, prepared once: the finite values sorted ascending (shared by every
/// method: KS, Wasserstein, PSI, binning), plus how many values were missing or infinite.
/// </summary>
public sealed class NumericSample
{
    public NumericSample(double[] sorted, int missing, int nonFinite)
    {
        Sorted = sorted;
        Missing = missing;
        NonFinite = nonFinite;
    }

    public double[] Sorted { get; }
    public int Count => Sorted.Length;
    public int Missing { get; }
    /// <summary>Values that were +/-infinity, left out of every statistic.</summary>
    public int NonFinite { get; }
    public double Min => Sorted[0];
    public double Max => Sorted[^1];

    /// <summary>Copies the finite values of <paramref name="values"/> (NaN = missing) and sorts them.</summary>
    public static NumericSample From(ReadOnlySpan<double> values)
    {
        var buffer = new double[values.Length];
        int n = 0, missing = 0, nonFinite = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v)) buffer[n++] = v;
            else if (double.IsNaN(v)) missing++;
            else nonFinite++;
        }
        if (n != buffer.Length) Array.Resize(ref buffer, n);
        RadixSort.Sort(buffer);
        return new NumericSample(buffer, missing, nonFinite);
    }

    /// <summary>How many values are below <paramref name="x"/> (strictly, or at most when <paramref name="inclusive"/>).</summary>
    public int CountBelow(double x, bool inclusive)
    {
        int lo = 0, hi = Sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (inclusive ? Sorted[mid] <= x : Sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
