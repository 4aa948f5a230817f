using Gyre.Core.Errors;
using Gyre.Stats.Divergences;

namespace Gyre.Stats.Tests;

/// <summary>Gyre's default PSI binning (DECISIONS.md #2), checked against a case worked by hand.</summary>
public sealed class PopulationStabilityIndexTests
{
    // reference 1..10, 2 bins: breakpoints = percentiles 0/50/100 = [1, 5.5, 10]; expected fractions 0.5, 0.5.
    private static readonly double[] Reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // current: 0 is below the reference minimum, 12 above its maximum.
    private static readonly double[] Current = [0, 2, 3, 7, 12];

    [Fact]
    public void DefaultCountsValuesOutsideTheReferenceRangeInTheOuterBins()
    {
        var r = PopulationStabilityIndex.Compute(Reference, Current, bins: 2);
        Assert.Equal(PsiBinning.OpenEnded, r.Binning);
        Assert.Equal([1.0, 5.5, 10.0], r.Breakpoints);
        Assert.Equal([5L, 5L], r.ExpectedCounts);
        Assert.Equal([3L, 2L], r.ActualCounts); // {0, 2, 3} and {7, 12}
        Assert.Equal(0, r.CurrentValuesOutsideBreakpoints);
        // (0.6 - 0.5) ln(0.6 / 0.5) + (0.4 - 0.5) ln(0.4 / 0.5) = 0.1 ln 1.2 + 0.1 ln 1.25 = 0.1 ln 1.5
        Assert.Equal(0.040546510810816438, r.Psi, 1e-15);
    }

    [Fact]
    public void ReferenceAlgorithmDropsValuesOutsideTheReferenceRange()
    {
        var r = PopulationStabilityIndex.Compute(Reference, Current, bins: 2, PsiBinning.ReferenceRange);
        Assert.Equal([2L, 1L], r.ActualCounts); // 0 and 12 are not counted
        Assert.Equal(2, r.CurrentValuesOutsideBreakpoints);
        // (0.4 - 0.5) ln(0.8) + (0.2 - 0.5) ln(0.4)
        Assert.Equal(0.1 * Math.Log(1.25) + 0.3 * Math.Log(2.5), r.Psi, 1e-15);
    }

    [Fact]
    public void IdenticalSamplesHaveZeroPsi()
    {
        Assert.Equal(0.0, PopulationStabilityIndex.Compute(Reference, Reference).Psi);
    }

    [Fact]
    public void RejectsEmptyOrNonFiniteInput()
    {
        var e = Assert.Throws<GyreException>(() => PopulationStabilityIndex.Compute([], Current));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
        e = Assert.Throws<GyreException>(() => PopulationStabilityIndex.Compute(Reference, [1, double.NaN]));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
        Assert.Contains("current", e.Message);
    }
}
