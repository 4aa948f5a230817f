namespace Gyre.Stats.Divergences;

/// <summary>
/// Population stability index with its breakdown: breakpoints (reference percentiles), counts, fractions before
/// and after clipping at <see cref="PopulationStabilityIndex.MinFraction"/>, the per-bin terms, and how many
/// current values fell outside the breakpoints (always 0 for <see cref="PsiBinning.OpenEnded"/>).
/// </summary>
public sealed record PsiResult(
    double Psi,
    double[] Breakpoints,
    long[] ExpectedCounts,
    long[] ActualCounts,
    double[] ExpectedFractions,
    double[] ActualFractions,
    double[] ExpectedClipped,
    double[] ActualClipped,
    double[] Terms,
    long CurrentValuesOutsideBreakpoints,
    PsiBinning Binning);
