using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Divergences;

/// <summary>
/// Divergences and distances between two discrete distributions given as non-negative weights (counts or
/// frequencies); each vector is first divided by its own sum, as scipy does.
/// </summary>
public static class DistributionDistance
{
    /// <summary>Kullback-Leibler divergence KL(p || q) = sum p ln(p / q) (scipy.stats.entropy(p, q)); +Infinity when q_i = 0 &lt; p_i.</summary>
    public static double KullbackLeibler(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        var (pn, qn) = Normalised(p, q);
        var terms = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++) terms[i] = RelativeEntropy(pn[i], qn[i]);
        var s = PairwiseSum.Sum(terms);
        return logBase is { } b ? s / LogOfBase(b) : s;
    }

    /// <summary>Jensen-Shannon DISTANCE sqrt(JSD) (scipy.spatial.distance.jensenshannon); natural log unless a base is given.</summary>
    public static double JensenShannonDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        var (pn, qn) = Normalised(p, q);
        var left = new double[pn.Length];
        var right = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++)
        {
            var m = (pn[i] + qn[i]) / 2.0;
            left[i] = RelativeEntropy(pn[i], m);
            right[i] = RelativeEntropy(qn[i], m);
        }
        var js = PairwiseSum.Sum(left) + PairwiseSum.Sum(right);
        if (logBase is { } b) js /= LogOfBase(b);
        return Math.Sqrt(js / 2.0);
    }

    /// <summary>Jensen-Shannon divergence (the square of the distance).</summary>
    public static double JensenShannonDivergence(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        var d = JensenShannonDistance(p, q, logBase);
        return d * d;
    }

    /// <summary>Bhattacharyya coefficient sum sqrt(p_i q_i).</summary>
    public static double BhattacharyyaCoefficient(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var (pn, qn) = Normalised(p, q);
        var terms = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++) terms[i] = Math.Sqrt(pn[i] * qn[i]);
        return PairwiseSum.Sum(terms);
    }

    /// <summary>Hellinger distance sqrt(max(0, 1 - BC)) in [0, 1] (project definition).</summary>
    public static double Hellinger(ReadOnlySpan<double> p, ReadOnlySpan<double> q) =>
        Math.Sqrt(Math.Max(0, 1 - BhattacharyyaCoefficient(p, q)));

    /// <summary>Hellinger distance as ||sqrt p - sqrt q|| / sqrt 2: the same quantity without cancellation near 0.</summary>
    public static double HellingerEuclidean(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var (pn, qn) = Normalised(p, q);
        var terms = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++)
        {
            var d = Math.Sqrt(pn[i]) - Math.Sqrt(qn[i]);
            terms[i] = d * d;
        }
        return Math.Sqrt(0.5 * PairwiseSum.Sum(terms));
    }

    /// <summary>Total variation distance 0.5 sum |p_i - q_i|.</summary>
    public static double TotalVariation(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var (pn, qn) = Normalised(p, q);
        var terms = new double[pn.Length];
        for (var i = 0; i < pn.Length; i++) terms[i] = Math.Abs(pn[i] - qn[i]);
        return 0.5 * PairwiseSum.Sum(terms);
    }

    private static double RelativeEntropy(double x, double y)
    {
        if (x > 0 && y > 0) return x * Math.Log(x / y);
        if (x == 0 && y >= 0) return 0;
        return double.PositiveInfinity;
    }

    private static double LogOfBase(double b)
    {
        if (!(b > 0) || b == 1 || !double.IsFinite(b)) throw GyreException.InvalidParameter($"log base must be positive and not 1, got {b}.");
        return Math.Log(b);
    }

    private static (double[] P, double[] Q) Normalised(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        Guard.NonNegativeFinite(p, "p");
        Guard.NonNegativeFinite(q, "q");
        Guard.SameLength(p.Length, q.Length, "p", "q");
        return (Normalise(p, "p"), Normalise(q, "q"));
    }

    private static double[] Normalise(ReadOnlySpan<double> v, string name)
    {
        var sum = PairwiseSum.Sum(v);
        if (!(sum > 0)) throw GyreException.InvalidParameter($"{name} must have a positive sum.");
        var r = new double[v.Length];
        for (var i = 0; i < v.Length; i++) r[i] = 1.0 * v[i] / sum;
        return r;
    }
}
