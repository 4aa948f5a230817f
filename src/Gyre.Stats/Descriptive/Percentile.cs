using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Descriptive;

/// <summary>numpy.percentile with the default 'linear' method, reproducing numpy 1.24's floating-point steps bit for bit.</summary>
public static class Percentile
{
    /// <summary>The q-th percentile (q in [0, 100]) of unsorted values.</summary>
    public static double Of(ReadOnlySpan<double> values, double q)
    {
        Guard.NonEmptyFinite(values, "x");
        var s = values.ToArray();
        Array.Sort(s);
        return OfSorted(s, q);
    }

    public static double[] Of(ReadOnlySpan<double> values, ReadOnlySpan<double> qs)
    {
        Guard.NonEmptyFinite(values, "x");
        var s = values.ToArray();
        Array.Sort(s);
        var result = new double[qs.Length];
        for (var i = 0; i < qs.Length; i++) result[i] = OfSorted(s, qs[i]);
        return result;
    }

    /// <summary>The q-th percentile of values already sorted ascending.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) throw GyreException.InvalidParameter("percentile of an empty sample.");
        if (!(q >= 0 && q <= 100)) throw GyreException.InvalidParameter($"percentile q must be in [0, 100], got {q}.");
        var n = sorted.Length;
        var g = q / 100.0;
        var v = (n - 1) * g;
        if (v >= n - 1) return sorted[n - 1];
        var i = (int)Math.Floor(v);
        var t = v - i;
        var a = sorted[i];
        var b = sorted[i + 1];
        var d = b - a;
        return t >= 0.5 ? b - d * (1 - t) : a + d * t;
    }
}
