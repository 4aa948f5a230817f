using System.Text.Json;
using Gyre.Core.Data;
using Gyre.Core.Testing;
using Gyre.Monitoring.Drift;

namespace Gyre.Monitoring.Tests.Drift;

/// <summary>Drift on the shared reference data sets, column by column against scipy's numbers in expected.json.</summary>
public class ReferenceDatasetTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("reference", "stats", "drift_datasets", "expected.json"))).RootElement;

    private static DatasetDriftResult Run(string pair, DriftOptions? options = null)
    {
        var spec = Expected.GetProperty("pairs").GetProperty(pair);
        var reference = CsvTable.Read(SharedData.PathOf("reference", "stats", "drift_datasets", spec.GetProperty("reference_file").GetString()!));
        var current = CsvTable.Read(SharedData.PathOf("reference", "stats", "drift_datasets", spec.GetProperty("current_file").GetString()!));
        return DriftDetector.Compare(reference, current, options);
    }

    private static void Close(double expected, double actual, double rel, string what)
    {
        var tolerance = Math.Max(rel * Math.Abs(expected), 1e-15);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData("large")]
    [InlineData("small")]
    public void Default_rule_matches_expected_json_column_by_column(string pair)
    {
        var spec = Expected.GetProperty("pairs").GetProperty(pair);
        var result = Run(pair);
        var columns = spec.GetProperty("columns");
        Assert.Equal(columns.EnumerateObject().Count(), result.Columns.Count);
        foreach (var column in columns.EnumerateObject())
        {
            var e = column.Value;
            var actual = result.Columns.Single(c => c.Column == column.Name);
            Assert.Equal(ColumnDriftStatus.Evaluated, actual.Status);
            Assert.Equal(e.GetProperty("treated_as").GetString(), actual.Type!.Value.ToString().ToLowerInvariant());
            Assert.Equal(e.GetProperty("method").GetString(), actual.Method);
            Assert.Equal(e.GetProperty("threshold").GetDouble(), actual.Threshold);
            Close(e.GetProperty("statistic").GetDouble(), actual.Statistic!.Value, 1e-12, $"{pair}/{column.Name} statistic");
            if (e.GetProperty("p_value").ValueKind == JsonValueKind.Null) Assert.Null(actual.PValue);
            else Close(e.GetProperty("p_value").GetDouble(), actual.PValue!.Value, 1e-9, $"{pair}/{column.Name} p-value");
            Assert.Equal(e.GetProperty("drift").GetBoolean(), actual.Drift);
        }
        Assert.Equal(spec.GetProperty("n_drifted").GetInt32(), result.DriftedColumns);
        Close(spec.GetProperty("share_drifted").GetDouble(), result.DriftShare, 1e-15, "share");
        Assert.Equal(spec.GetProperty("dataset_drift").GetBoolean(), result.DatasetDrift);
        Assert.Equal(spec.GetProperty("drifted_columns").EnumerateArray().Select(x => x.GetString()).Order(),
            result.Drifted.Select(c => c.Column).Order());
    }

    [Theory]
    [InlineData("large")]
    [InlineData("small")]
    public void Every_method_in_all_methods_matches_whatever_the_size(string pair)
    {
        var result = Run(pair, new DriftOptions
        {
            AdditionalMethods = [DriftMethods.KolmogorovSmirnov, DriftMethods.Wasserstein, DriftMethods.ChiSquare, DriftMethods.JensenShannon, DriftMethods.PsiReferenceRange],
        });
        foreach (var column in Expected.GetProperty("pairs").GetProperty(pair).GetProperty("columns").EnumerateObject())
        {
            var all = column.Value.GetProperty("all_methods");
            var others = result.Columns.Single(c => c.Column == column.Name).OtherMethods.ToDictionary(m => m.Method);
            var where = $"{pair}/{column.Name}";
            if (column.Value.GetProperty("treated_as").GetString() == "numeric")
            {
                var ks = all.GetProperty("ks_2samp");
                Close(ks.GetProperty("statistic").GetDouble(), others["ks_2samp"].Statistic!.Value, 1e-12, where + " ks");
                Close(ks.GetProperty("pvalue").GetDouble(), others["ks_2samp"].PValue!.Value, 1e-9, where + " ks p");
                Close(all.GetProperty("wasserstein_normed").GetDouble(), others["wasserstein_normed"].Statistic!.Value, 1e-12, where + " wasserstein");
                Close(all.GetProperty("psi_10_bins").GetProperty("psi").GetDouble(), others["psi_reference_range"].Statistic!.Value, 1e-12, where + " psi");
            }
            else
            {
                var chi = all.GetProperty("chi2_contingency");
                Close(chi.GetProperty("statistic").GetDouble(), others["chi2_contingency"].Statistic!.Value, 1e-12, where + " chi2");
                Close(chi.GetProperty("pvalue").GetDouble(), others["chi2_contingency"].PValue!.Value, 1e-10, where + " chi2 p");
                Close(all.GetProperty("jensenshannon_natural").GetDouble(), others["jensenshannon"].Statistic!.Value, 1e-12, where + " js");
                var shown = result.Columns.Single(c => c.Column == column.Name).Distribution!;
                Assert.Equal(all.GetProperty("categories").EnumerateArray().Select(x => x.GetString()!), shown.Categories!);
            }
        }
    }
}
