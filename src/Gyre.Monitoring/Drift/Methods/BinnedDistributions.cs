using Gyre.Stats.Descriptive;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Turns two numeric samples into comparable discrete distributions: counts in equal-width bins over the
/// range of both samples (numpy.linspace edges, numpy.histogram counting), computed on the sorted values.
/// </summary>
internal static class BinnedDistributions
{
    public static (double[] Reference, double[] Current) Counts(NumericSample reference, NumericSample current, int bins)
    {
        var edges = Histogram.EqualWidthEdges(Math.Min(reference.Min, current.Min), Math.Max(reference.Max, current.Max), Math.Max(1, bins));
        return (ToDouble(Histogram.CountSorted(reference.Sorted, edges)), ToDouble(Histogram.CountSorted(current.Sorted, edges)));
    }

    private static double[] ToDouble(long[] counts) => Array.ConvertAll(counts, c => (double)c);
}
