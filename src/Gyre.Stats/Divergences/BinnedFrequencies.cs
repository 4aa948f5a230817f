using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Divergences;

/// <summary>Reference and current frequencies over shared bins or categories, ready for the divergences.</summary>
public sealed record BinnedFrequencies(long[] ReferenceCounts, long[] CurrentCounts, double[] Reference, double[] Current)
{
    /// <summary>
    /// Numeric samples on shared equal-width bins: edges = linspace(min(ref ∪ cur), max(ref ∪ cur), bins + 1),
    /// numpy.histogram counts, frequencies = counts / sample size.
    /// </summary>
    public static (BinnedFrequencies Frequencies, double[] Edges) Numeric(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins)
    {
        Guard.NonEmptyFinite(reference, "reference");
        Guard.NonEmptyFinite(current, "current");
        if (bins < 1) throw GyreException.InvalidParameter($"bins must be at least 1, got {bins}.");
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in reference) { if (v < min) min = v; if (v > max) max = v; }
        foreach (var v in current) { if (v < min) min = v; if (v > max) max = v; }
        var edges = Histogram.EqualWidthEdges(min, max, bins);
        var rc = Histogram.CountUnsorted(reference, edges);
        var cc = Histogram.CountUnsorted(current, edges);
        return (new BinnedFrequencies(rc, cc, Divide(rc, reference.Length), Divide(cc, current.Length)), edges);
    }

    /// <summary>Categorical samples: categories = sorted union (ordinal string order), frequencies = counts / sample size.</summary>
    public static (BinnedFrequencies Frequencies, string[] Categories) Categorical(IReadOnlyList<string> reference, IReadOnlyList<string> current)
    {
        if (reference.Count == 0) throw GyreException.InvalidParameter("reference must not be empty.");
        if (current.Count == 0) throw GyreException.InvalidParameter("current must not be empty.");
        var refCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var curCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in reference) refCounts[s ?? throw GyreException.InvalidParameter("reference has a missing category.")] = refCounts.GetValueOrDefault(s) + 1;
        foreach (var s in current) curCounts[s ?? throw GyreException.InvalidParameter("current has a missing category.")] = curCounts.GetValueOrDefault(s) + 1;
        var categories = refCounts.Keys.Union(curCounts.Keys).ToArray();
        Array.Sort(categories, StringComparer.Ordinal);
        var rc = categories.Select(c => refCounts.GetValueOrDefault(c)).ToArray();
        var cc = categories.Select(c => curCounts.GetValueOrDefault(c)).ToArray();
        return (new BinnedFrequencies(rc, cc, Divide(rc, reference.Count), Divide(cc, current.Count)), categories);
    }

    private static double[] Divide(long[] counts, int n)
    {
        var r = new double[counts.Length];
        for (var i = 0; i < r.Length; i++) r[i] = counts[i] / (double)n;
        return r;
    }
}
