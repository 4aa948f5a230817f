using System.Globalization;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Stats.Categorical;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Divergences;
using Gyre.Stats.Tests.Reference;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>
/// The statistics drift detection builds on, checked column by column against drift_datasets/expected.json
/// ("all_methods"): KS, Wasserstein, reference std, normed Wasserstein and 10-bin PSI for numeric columns;
/// category counts, chi-square contingency and Jensen-Shannon distance for categorical and binary columns.
/// </summary>
public sealed class DriftDatasetPrimitivesTests
{
    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("reference", "stats", "drift_datasets", "expected.json"))).RootElement.Clone());

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var pair in Expected.Value.GetProperty("pairs").EnumerateObject())
                foreach (var column in pair.Value.GetProperty("columns").EnumerateObject())
                    data.Add(pair.Name, column.Name);
            return data;
        }
    }

    private static (string[] Header, string[][] Rows) ReadCsv(string file)
    {
        var lines = File.ReadAllLines(SharedData.PathOf("reference", "stats", "drift_datasets", file));
        return (lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray());
    }

    private static string[] Column(string file, string name)
    {
        var (header, rows) = ReadCsv(file);
        var i = Array.IndexOf(header, name);
        return rows.Select(r => r[i]).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesExpected(string pairName, string columnName)
    {
        var pair = Expected.Value.GetProperty("pairs").GetProperty(pairName);
        var column = pair.GetProperty("columns").GetProperty(columnName);
        var methods = column.GetProperty("all_methods");
        var reference = Column(pair.GetProperty("reference_file").GetString()!, columnName);
        var current = Column(pair.GetProperty("current_file").GetString()!, columnName);
        if (column.GetProperty("column_type").GetString() == "numeric")
            Numeric(methods, Parse(reference), Parse(current));
        else
            Categorical(methods, reference, current);
    }

    private static double[] Parse(string[] values) => values.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    private static double D(JsonElement e, string name) => ReferenceFile.ToDouble(e.GetProperty(name));

    private static void Numeric(JsonElement m, double[] reference, double[] current)
    {
        var ks = KolmogorovSmirnovTest.TwoSample(reference, current);
        Tolerance.Statistic(D(m.GetProperty("ks_2samp"), "statistic"), ks.Statistic);
        Tolerance.Probability(D(m.GetProperty("ks_2samp"), "pvalue"), ks.PValue, bulkRel: 1e-9);
        var w = CdfDistance.Wasserstein(reference, current);
        Tolerance.Statistic(D(m, "wasserstein_distance"), w, "wasserstein_distance");
        var std = SampleMoments.StandardDeviation(reference);
        Tolerance.Statistic(D(m, "reference_std_ddof0"), std, "reference_std_ddof0");
        Tolerance.Statistic(D(m, "wasserstein_normed"), w / std, "wasserstein_normed");
        var psi = PopulationStabilityIndex.Compute(reference, current, 10, PsiBinning.ReferenceRange);
        var expectedPsi = m.GetProperty("psi_10_bins");
        Assert.Equal(ReferenceFile.ToDoubles(expectedPsi.GetProperty("breakpoints")), psi.Breakpoints);
        Assert.Equal(ReferenceFile.ToDoubles(expectedPsi.GetProperty("actual_counts")).Select(v => (long)v).ToArray(), psi.ActualCounts);
        Tolerance.Statistic(D(expectedPsi, "psi"), psi.Psi, "psi");
    }

    private static void Categorical(JsonElement m, string[] reference, string[] current)
    {
        var (f, categories) = BinnedFrequencies.Categorical(reference, current);
        Assert.Equal(m.GetProperty("categories").EnumerateArray().Select(e => e.GetString()!).ToArray(), categories);
        Assert.Equal(ReferenceFile.ToDoubles(m.GetProperty("reference_counts")).Select(v => (long)v).ToArray(), f.ReferenceCounts);
        Assert.Equal(ReferenceFile.ToDoubles(m.GetProperty("current_counts")).Select(v => (long)v).ToArray(), f.CurrentCounts);
        var chi = ChiSquareTest.Contingency(f.ReferenceCounts.Select(c => (double)c).ToArray(), f.CurrentCounts.Select(c => (double)c).ToArray(), correction: false);
        var expectedChi = m.GetProperty("chi2_contingency");
        Tolerance.Statistic(D(expectedChi, "statistic"), chi.Statistic);
        Tolerance.Probability(D(expectedChi, "pvalue"), chi.PValue);
        Assert.Equal((int)D(expectedChi, "dof"), chi.DegreesOfFreedom);
        Tolerance.Statistic(D(m, "jensenshannon_natural"), DistributionDistance.JensenShannonDistance(f.Reference, f.Current), "jensenshannon_natural");
    }
}
