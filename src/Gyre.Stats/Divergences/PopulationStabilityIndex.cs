using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Divergences;

/// <summary>
/// Population stability index: breakpoints = numpy.percentile(reference, linspace(0, 100, bins + 1)); fractions
/// of reference (expected) and current (actual) per bin, clipped below at 1e-6;
/// PSI = sum (actual - expected) ln(actual / expected).
/// </summary>
public static class PopulationStabilityIndex
{
    public const double MinFraction = 1e-6;

    public static PsiResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = 10,
        PsiBinning binning = PsiBinning.OpenEnded)
    {
        Guard.NonEmptyFinite(reference, "reference");
        Guard.NonEmptyFinite(current, "current");
        var sortedRef = reference.ToArray();
        Array.Sort(sortedRef);
        return ComputeSortedReference(sortedRef, current, bins, binning);
    }

    /// <summary>As <see cref="Compute"/> with the reference already sorted ascending (sort it once, score many batches).</summary>
    public static PsiResult ComputeSortedReference(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current, int bins = 10,
        PsiBinning binning = PsiBinning.OpenEnded)
    {
        Guard.NonEmptyFinite(sortedReference, "reference");
        Guard.Sorted(sortedReference, "reference");
        Guard.NonEmptyFinite(current, "current");
        if (bins < 1) throw GyreException.InvalidParameter($"bins must be at least 1, got {bins}.");
        var qs = Histogram.Linspace(0, 100, bins + 1);
        var breakpoints = new double[bins + 1];
        for (var i = 0; i <= bins; i++) breakpoints[i] = Percentile.OfSorted(sortedReference, qs[i]);

        var expectedCounts = Histogram.CountSorted(sortedReference, breakpoints);
        var actualCounts = Histogram.CountUnsorted(current, breakpoints);
        long counted = 0;
        foreach (var c in actualCounts) counted += c;
        var outside = current.Length - counted;
        if (binning == PsiBinning.OpenEnded && outside > 0)
        {
            // Values below the first breakpoint join the first bin, values above the last join the last bin.
            long below = 0, above = 0;
            double lo = breakpoints[0], hi = breakpoints[^1];
            foreach (var x in current)
            {
                if (x < lo) below++;
                else if (x > hi) above++;
            }
            actualCounts[0] += below;
            actualCounts[^1] += above;
            outside = 0;
        }

        var expectedFractions = new double[bins];
        var actualFractions = new double[bins];
        var expectedClipped = new double[bins];
        var actualClipped = new double[bins];
        var terms = new double[bins];
        for (var i = 0; i < bins; i++)
        {
            expectedFractions[i] = expectedCounts[i] / (double)sortedReference.Length;
            actualFractions[i] = actualCounts[i] / (double)current.Length;
            expectedClipped[i] = Math.Max(expectedFractions[i], MinFraction);
            actualClipped[i] = Math.Max(actualFractions[i], MinFraction);
            terms[i] = (actualClipped[i] - expectedClipped[i]) * Math.Log(actualClipped[i] / expectedClipped[i]);
        }
        var psi = PairwiseSum.Sum(terms);
        return new PsiResult(psi, breakpoints, expectedCounts, actualCounts, expectedFractions, actualFractions,
            expectedClipped, actualClipped, terms, outside, binning);
    }
}
