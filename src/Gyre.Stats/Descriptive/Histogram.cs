using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Descriptive;

/// <summary>Bin counts and edges as numpy.histogram computes them.</summary>
public sealed record HistogramResult(long[] Counts, double[] Edges);

/// <summary>
/// numpy.histogram semantics: bin i is [e_i, e_{i+1}), the last bin is closed, values outside [e_0, e_last]
/// are dropped, and zero-width bins stay empty (a zero-width last bin still counts values equal to it).
/// </summary>
public static class Histogram
{
    /// <summary>numpy.linspace(start, stop, num): start + i * ((stop - start) / (num - 1)), last value exactly stop.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        if (num < 1) throw GyreException.InvalidParameter("linspace needs at least one point.");
        var y = new double[num];
        if (num == 1)
        {
            y[0] = start;
            return y;
        }
        var div = num - 1;
        var step = (stop - start) / div;
        for (var i = 0; i < num; i++) y[i] = i * step + start;
        y[^1] = stop;
        return y;
    }

    /// <summary>Equal-width edges between min and max of the data (min == max gives min - 0.5 .. max + 0.5).</summary>
    public static double[] EqualWidthEdges(double min, double max, int bins)
    {
        if (bins < 1) throw GyreException.InvalidParameter($"bins must be at least 1, got {bins}.");
        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }
        return Linspace(min, max, bins + 1);
    }

    /// <summary>numpy.histogram(x, bins=int).</summary>
    public static HistogramResult Compute(ReadOnlySpan<double> values, int bins)
    {
        Guard.NonEmptyFinite(values, "x");
        double min = values[0], max = values[0];
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var edges = EqualWidthEdges(min, max, bins);
        return new HistogramResult(CountUnsorted(values, edges), edges);
    }

    /// <summary>numpy.histogram(x, bins=edges) for edges sorted ascending (repeats allowed).</summary>
    public static HistogramResult Compute(ReadOnlySpan<double> values, double[] edges)
    {
        Guard.NonEmptyFinite(values, "x");
        CheckEdges(edges);
        return new HistogramResult(CountUnsorted(values, edges), edges);
    }

    /// <summary>Counts of values already sorted ascending: counts[i] = #(x &lt; e_{i+1}) - #(x &lt; e_i), last bin #(x &lt;= e_last).</summary>
    public static long[] CountSorted(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        CheckEdges(edges);
        var k = edges.Length - 1;
        var counts = new long[k];
        var prev = LowerBound(sorted, edges[0]);
        for (var i = 0; i < k; i++)
        {
            var next = i == k - 1 ? UpperBound(sorted, edges[k]) : LowerBound(sorted, edges[i + 1]);
            counts[i] = next - prev;
            prev = next;
        }
        return counts;
    }

    /// <summary>Counts of unsorted values by binary search over the edges: O(n log bins), no allocation per value.</summary>
    public static long[] CountUnsorted(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        CheckEdges(edges);
        var k = edges.Length - 1;
        var counts = new long[k];
        double first = edges[0], last = edges[k];
        foreach (var x in values)
        {
            if (x < first || x > last) continue;
            if (x == last)
            {
                // the last bin is closed; it gets x == last even when it has zero width
                counts[k - 1]++;
                continue;
            }
            // largest i with edges[i] <= x (the bin [e_i, e_{i+1}) that contains x; zero-width bins are skipped)
            var i = UpperBound(edges, x) - 1;
            counts[i]++;
        }
        return counts;
    }

    private static void CheckEdges(ReadOnlySpan<double> edges)
    {
        if (edges.Length < 2) throw GyreException.InvalidParameter("a histogram needs at least two edges.");
        for (var i = 0; i < edges.Length; i++)
        {
            if (!double.IsFinite(edges[i])) throw GyreException.InvalidParameter($"edge {i} is {edges[i]}; edges must be finite.");
            if (i > 0 && edges[i] < edges[i - 1]) throw GyreException.InvalidParameter("bin edges must increase monotonically.");
        }
    }

    internal static int LowerBound(ReadOnlySpan<double> s, double v)
    {
        int lo = 0, hi = s.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (s[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    internal static int UpperBound(ReadOnlySpan<double> s, double v)
    {
        int lo = 0, hi = s.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (s[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
