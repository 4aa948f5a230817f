using Gyre.Stats.Divergences;
using Gyre.Stats.Tests.Reference;

namespace Gyre.Stats.Tests;

/// <summary>Every case of divergences.json: KL, Jensen-Shannon, Hellinger, TVD, binned numeric/categorical, PSI.</summary>
public sealed class DivergencesReferenceTests
{
    private const string File = "divergences.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var f = c.Function;
        if (f.StartsWith("scipy.stats.entropy(p, q, base=2)", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.KullbackLeibler(c.InDoubles("p"), c.InDoubles("q"), 2), "value");
        else if (f.StartsWith("scipy.stats.entropy(p, q)", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.KullbackLeibler(c.InDoubles("p"), c.InDoubles("q")), "value");
        else if (f.StartsWith("scipy.stats.entropy(q, p)", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.KullbackLeibler(c.InDoubles("q"), c.InDoubles("p")), "value");
        else if (f.StartsWith("scipy.spatial.distance.jensenshannon(p, q, base=2)", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.JensenShannonDistance(c.InDoubles("p"), c.InDoubles("q"), 2), "value");
        else if (f.StartsWith("scipy.spatial.distance.jensenshannon(p, q)", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.JensenShannonDistance(c.InDoubles("p"), c.InDoubles("q")), "value");
        else if (f.StartsWith("project Hellinger", StringComparison.Ordinal)) Hellinger(c);
        else if (f.StartsWith("project TVD", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), DistributionDistance.TotalVariation(c.InDoubles("p"), c.InDoubles("q")), "value");
        else if (f.StartsWith("project binning", StringComparison.Ordinal)) BinnedNumeric(c);
        else if (f.StartsWith("project categorical frequencies", StringComparison.Ordinal)) BinnedCategorical(c);
        else if (f.StartsWith("project PSI", StringComparison.Ordinal)) Psi(c);
        else throw new InvalidOperationException($"unknown function {f}");
    }

    private static void HellingerValue(double expected, double actual, string what)
    {
        // README: rel 1e-12, abs 1e-8 when the value is below 1e-4 (the BC form loses half the digits there).
        Tolerance.Equal(expected, actual, 1e-12, expected < 1e-4 ? 1e-8 : 1e-14, what);
    }

    private static void Hellinger(ReferenceCase c)
    {
        var p = c.InDoubles("p");
        var q = c.InDoubles("q");
        HellingerValue(c.OutDouble("value"), DistributionDistance.Hellinger(p, q), "value");
        Tolerance.Statistic(c.OutDouble("bhattacharyya_coefficient"), DistributionDistance.BhattacharyyaCoefficient(p, q), "bhattacharyya_coefficient");
        HellingerValue(c.OutDouble("value_euclidean_form"), DistributionDistance.HellingerEuclidean(p, q), "value_euclidean_form");
    }

    private static void AssertCounts(double[] expected, long[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(expected[i] == actual[i], $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    private static void AssertValues(double[] expected, double[] actual, string what, bool exact = false)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (exact) Tolerance.Exact(expected[i], actual[i], $"{what}[{i}]");
            else Tolerance.Statistic(expected[i], actual[i], $"{what}[{i}]");
        }
    }

    private static void Measures(ReferenceCase c, BinnedFrequencies f)
    {
        AssertCounts(c.OutDoubles("reference_counts"), f.ReferenceCounts, "reference_counts");
        AssertCounts(c.OutDoubles("current_counts"), f.CurrentCounts, "current_counts");
        AssertValues(c.OutDoubles("p"), f.Reference, "p", exact: true);
        AssertValues(c.OutDoubles("q"), f.Current, "q", exact: true);
        Tolerance.Statistic(c.OutDouble("kl_natural"), DistributionDistance.KullbackLeibler(f.Reference, f.Current), "kl_natural");
        Tolerance.Statistic(c.OutDouble("kl_base2"), DistributionDistance.KullbackLeibler(f.Reference, f.Current, 2), "kl_base2");
        Tolerance.Statistic(c.OutDouble("kl_reverse_natural"), DistributionDistance.KullbackLeibler(f.Current, f.Reference), "kl_reverse_natural");
        Tolerance.Statistic(c.OutDouble("js_distance_natural"), DistributionDistance.JensenShannonDistance(f.Reference, f.Current), "js_distance_natural");
        Tolerance.Statistic(c.OutDouble("js_distance_base2"), DistributionDistance.JensenShannonDistance(f.Reference, f.Current, 2), "js_distance_base2");
        HellingerValue(c.OutDouble("hellinger"), DistributionDistance.Hellinger(f.Reference, f.Current), "hellinger");
        Tolerance.Statistic(c.OutDouble("tvd"), DistributionDistance.TotalVariation(f.Reference, f.Current), "tvd");
    }

    private static void BinnedNumeric(ReferenceCase c)
    {
        var (f, edges) = BinnedFrequencies.Numeric(c.InDoubles("reference"), c.InDoubles("current"), (int)c.InDouble("bins"));
        AssertValues(c.OutDoubles("bin_edges"), edges, "bin_edges", exact: true);
        Measures(c, f);
    }

    private static void BinnedCategorical(ReferenceCase c)
    {
        var reference = c.In("reference").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var current = c.In("current").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var (f, categories) = BinnedFrequencies.Categorical(reference, current);
        Assert.Equal(c.Out("categories").EnumerateArray().Select(e => e.GetString()!).ToArray(), categories);
        Measures(c, f);
    }

    private static void Psi(ReferenceCase c)
    {
        var r = PopulationStabilityIndex.Compute(c.InDoubles("reference"), c.InDoubles("current"), (int)c.InDouble("bins"), PsiBinning.ReferenceRange);
        AssertValues(c.OutDoubles("breakpoints"), r.Breakpoints, "breakpoints", exact: true);
        AssertCounts(c.OutDoubles("expected_counts"), r.ExpectedCounts, "expected_counts");
        AssertCounts(c.OutDoubles("actual_counts"), r.ActualCounts, "actual_counts");
        AssertValues(c.OutDoubles("expected_fractions"), r.ExpectedFractions, "expected_fractions", exact: true);
        AssertValues(c.OutDoubles("actual_fractions"), r.ActualFractions, "actual_fractions", exact: true);
        AssertValues(c.OutDoubles("expected_clipped"), r.ExpectedClipped, "expected_clipped", exact: true);
        AssertValues(c.OutDoubles("actual_clipped"), r.ActualClipped, "actual_clipped", exact: true);
        AssertValues(c.OutDoubles("terms"), r.Terms, "terms");
        Assert.Equal((long)c.OutDouble("current_values_outside_breakpoints"), r.CurrentValuesOutsideBreakpoints);
        Tolerance.Statistic(c.OutDouble("psi"), r.Psi, "psi");
    }
}
