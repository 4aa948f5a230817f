using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.TwoSample;

/// <summary>
/// Distances between the empirical distributions of two samples (scipy.stats.wasserstein_distance and
/// energy_distance): integrals of |U(x) - V(x)|^p over the pooled sorted values. O(n) after sorting,
/// no allocation on the sorted path.
/// </summary>
public static class CdfDistance
{
    /// <summary>First Wasserstein (earth mover's) distance.</summary>
    public static double Wasserstein(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        var (su, sv) = SortedCopies(u, v);
        return Integral(su, sv, null, null, 1);
    }

    /// <summary>Wasserstein distance of samples already sorted ascending (drift sorts the reference once).</summary>
    public static double WassersteinSorted(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        Check(sortedU, sortedV);
        Guard.Sorted(sortedU, "u");
        Guard.Sorted(sortedV, "v");
        return Integral(sortedU, sortedV, null, null, 1);
    }

    /// <summary>Wasserstein distance with the first sample already sorted and the second unsorted (copied and sorted here).</summary>
    public static double WassersteinSortedReference(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> v)
    {
        Check(sortedU, v);
        Guard.Sorted(sortedU, "u");
        var sv = v.ToArray();
        Array.Sort(sv);
        return Integral(sortedU, sv, null, null, 1);
    }

    public static double Wasserstein(ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> uWeights, ReadOnlySpan<double> vWeights)
    {
        var (su, sv, wu, wv) = SortedWeighted(u, v, uWeights, vWeights);
        return Integral(su, sv, wu, wv, 1);
    }

    /// <summary>Energy distance: sqrt(2) times the L2 distance between the ECDFs.</summary>
    public static double Energy(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        var (su, sv) = SortedCopies(u, v);
        return Math.Sqrt(2) * Math.Sqrt(Integral(su, sv, null, null, 2));
    }

    public static double EnergySorted(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        Check(sortedU, sortedV);
        Guard.Sorted(sortedU, "u");
        Guard.Sorted(sortedV, "v");
        return Math.Sqrt(2) * Math.Sqrt(Integral(sortedU, sortedV, null, null, 2));
    }

    public static double Energy(ReadOnlySpan<double> u, ReadOnlySpan<double> v, ReadOnlySpan<double> uWeights, ReadOnlySpan<double> vWeights)
    {
        var (su, sv, wu, wv) = SortedWeighted(u, v, uWeights, vWeights);
        return Math.Sqrt(2) * Math.Sqrt(Integral(su, sv, wu, wv, 2));
    }

    private static void Check(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        Guard.NonEmptyFinite(u, "u_values");
        Guard.NonEmptyFinite(v, "v_values");
    }

    private static (double[], double[]) SortedCopies(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        Check(u, v);
        var su = u.ToArray();
        var sv = v.ToArray();
        Array.Sort(su);
        Array.Sort(sv);
        return (su, sv);
    }

    private static (double[], double[], double[], double[]) SortedWeighted(ReadOnlySpan<double> u, ReadOnlySpan<double> v,
        ReadOnlySpan<double> uw, ReadOnlySpan<double> vw)
    {
        Check(u, v);
        Guard.SameLength(u.Length, uw.Length, "u_values", "u_weights");
        Guard.SameLength(v.Length, vw.Length, "v_values", "v_weights");
        Guard.NonNegativeFinite(uw, "u_weights");
        Guard.NonNegativeFinite(vw, "v_weights");
        var su = u.ToArray();
        var sv = v.ToArray();
        var wu = uw.ToArray();
        var wv = vw.ToArray();
        Array.Sort(su, wu);
        Array.Sort(sv, wv);
        // cumulative weights: cw[i] = sum of the first i weights
        var cu = Cumulative(wu, "u_weights");
        var cv = Cumulative(wv, "v_weights");
        return (su, sv, cu, cv);
    }

    private static double[] Cumulative(double[] w, string name)
    {
        var c = new double[w.Length + 1];
        for (var i = 0; i < w.Length; i++) c[i + 1] = c[i] + w[i];
        if (!(c[^1] > 0)) throw GyreException.InvalidParameter($"{name} must have a positive sum.");
        return c;
    }

    // Walks the merged sorted values; between consecutive pooled values x_k < x_{k+1} both ECDFs are constant,
    // and once every value equal to x_k has been consumed the consumed counts are the ECDF counts at x_k.
    private static double Integral(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double[]? cu, double[]? cv, int p)
    {
        int nu = u.Length, nv = v.Length;
        int iu = 0, iv = 0;
        double sum = 0, comp = 0;
        double prev;
        if (u[0] <= v[0]) prev = u[iu++]; else prev = v[iv++];
        while (iu < nu || iv < nv)
        {
            var takeU = iv >= nv || (iu < nu && u[iu] <= v[iv]);
            var next = takeU ? u[iu] : v[iv];
            var delta = next - prev;
            if (delta > 0)
            {
                var fu = cu is null ? (double)iu / nu : cu[iu] / cu[nu];
                var fv = cv is null ? (double)iv / nv : cv[iv] / cv[nv];
                var diff = Math.Abs(fu - fv);
                var term = (p == 1 ? diff : diff * diff) * delta;
                // Neumaier summation keeps long sums (10^6 terms) accurate.
                var t = sum + term;
                comp += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
                sum = t;
            }
            if (takeU) iu++; else iv++;
            prev = next;
        }
        return sum + comp;
    }
}
