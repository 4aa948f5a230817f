using Gyre.Stats.Divergences;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>The pre-sorted overloads drift detection uses give exactly the results of the general entry points.</summary>
public sealed class SortedOverloadTests
{
    private static (double[] A, double[] B) Samples(int n1, int n2)
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, n1).Select(_ => Math.Round(rng.NextDouble() * 10, 1)).ToArray(); // with ties
        var b = Enumerable.Range(0, n2).Select(_ => Math.Round(rng.NextDouble() * 11 - 0.5, 1)).ToArray();
        return (a, b);
    }

    [Theory]
    [InlineData(200, 300)]
    [InlineData(3000, 12000)]
    public void KolmogorovSmirnovSortedEqualsUnsorted(int n1, int n2)
    {
        var (a, b) = Samples(n1, n2);
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        foreach (var alternative in Enum.GetValues<Alternative>())
        {
            var expected = KolmogorovSmirnovTest.TwoSample(a, b, alternative);
            var actual = KolmogorovSmirnovTest.TwoSampleSorted(sa, sb, alternative);
            var halfSorted = KolmogorovSmirnovTest.TwoSampleSortedReference(sa, b, alternative);
            Assert.Equal(expected.PValue, halfSorted.PValue);
            Assert.Equal(expected.Statistic, halfSorted.Statistic);
            Assert.Equal(expected.Statistic, actual.Statistic);
            Assert.Equal(expected.PValue, actual.PValue);
            Assert.Equal(expected.StatisticLocation, actual.StatisticLocation);
            Assert.Equal(expected.MethodUsed, actual.MethodUsed);
        }
        // Auto is exact up to 10000 values per sample, asymptotic above.
        var auto = KolmogorovSmirnovTest.TwoSample(a, b);
        Assert.Equal(Math.Max(n1, n2) <= KolmogorovSmirnovTest.MaxAutoExactN ? KolmogorovSmirnovMethod.Exact : KolmogorovSmirnovMethod.Asymptotic, auto.MethodUsed);
        Assert.Equal(KolmogorovSmirnovTest.TwoSample(a, b, method: KolmogorovSmirnovMethod.Asymptotic).Statistic,
            KolmogorovSmirnovTest.StatisticSorted(sa, sb), 15);
    }

    [Fact]
    public void DistancesAndPsiSortedEqualUnsorted()
    {
        var (a, b) = Samples(500, 700);
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        Assert.Equal(CdfDistance.Wasserstein(a, b), CdfDistance.WassersteinSorted(sa, sb));
        Assert.Equal(CdfDistance.Wasserstein(a, b), CdfDistance.WassersteinSortedReference(sa, b));
        Assert.Equal(CdfDistance.Energy(a, b), CdfDistance.EnergySorted(sa, sb));
        foreach (var binning in Enum.GetValues<PsiBinning>())
            Assert.Equal(PopulationStabilityIndex.Compute(a, b, 10, binning).Psi, PopulationStabilityIndex.ComputeSortedReference(sa, b, 10, binning).Psi);
    }

    [Fact]
    public void WassersteinOfAShiftIsTheShift()
    {
        var (a, _) = Samples(400, 1);
        var shifted = a.Select(v => v + 2.5).ToArray();
        Assert.Equal(2.5, CdfDistance.Wasserstein(a, shifted), 12);
    }
}
