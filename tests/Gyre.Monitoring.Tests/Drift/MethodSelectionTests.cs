using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Monitoring.Drift;

namespace Gyre.Monitoring.Tests.Drift;

public class MethodSelectionTests
{
    private static DataFrame Numbers(int n, double shift, int seed)
    {
        var random = new Random(seed);
        return new DataFrame([
            new DoubleColumn("x", Enumerable.Range(0, n).Select(_ => shift + random.NextDouble()).ToArray()),
            new StringColumn("c", Enumerable.Range(0, n).Select(_ => random.Next(3) == 0 ? "a" : "b").ToArray()),
        ]);
    }

    [Theory]
    [InlineData(1000, "ks_2samp", "chi2_contingency")]
    [InlineData(1001, "wasserstein_normed", "jensenshannon")]
    public void Automatic_choice_switches_above_1000_reference_values(int rows, string numeric, string categorical)
    {
        var result = DriftDetector.Compare(Numbers(rows, 0, 1), Numbers(50, 0, 2));
        Assert.Equal(numeric, result.Columns[0].Method);
        Assert.Equal(categorical, result.Columns[1].Method);
    }

    [Theory]
    [InlineData("ks", "ks_2samp")]
    [InlineData("psi", "psi")]
    [InlineData("wasserstein", "wasserstein_normed")]
    [InlineData("js", "jensenshannon")]
    [InlineData("kl", "kl_div")]
    [InlineData("hellinger", "hellinger")]
    [InlineData("tvd", "total_variation")]
    [InlineData("anderson", "anderson")]
    [InlineData("cvm", "cramer_von_mises")]
    [InlineData("mannwhitney", "mannwhitneyu")]
    [InlineData("t_test", "t_test")]
    [InlineData("energy", "energy_distance")]
    public void Every_numeric_method_runs_per_column_with_its_threshold(string alias, string name)
    {
        var method = DriftMethods.Parse(alias);
        Assert.Equal(name, method.Name);
        var result = DriftDetector.Compare(Numbers(400, 0, 3), Numbers(400, 0.5, 4), new DriftOptions
        {
            PerColumn = new Dictionary<string, ColumnDriftSettings> { ["x"] = new() { Method = method, Threshold = 0.01 } },
        });
        var x = result.Columns[0];
        Assert.Equal(ColumnDriftStatus.Evaluated, x.Status);
        Assert.Equal(name, x.Method);
        Assert.Equal(0.01, x.Threshold);
        // Half the range shifted: every method must call it drift.
        Assert.True(x.Drift, $"{name}: {x.Message}");
    }

    [Theory]
    [InlineData("chisquare", "chi2_contingency")]
    [InlineData("g_test", "g_test")]
    [InlineData("psi", "psi")]
    [InlineData("js", "jensenshannon")]
    [InlineData("kl", "kl_div")]
    [InlineData("hellinger", "hellinger")]
    [InlineData("tvd", "total_variation")]
    [InlineData("z", "z_test")]
    [InlineData("fisher", "fisher_exact")]
    public void Every_categorical_method_detects_a_share_change(string alias, string name)
    {
        var reference = new DataFrame([new StringColumn("c", Enumerable.Range(0, 600).Select(i => i % 4 == 0 ? "a" : "b").ToArray())]);
        var same = new DataFrame([new StringColumn("c", Enumerable.Range(0, 600).Select(i => i % 4 == 1 ? "a" : "b").ToArray())]);
        var moved = new DataFrame([new StringColumn("c", Enumerable.Range(0, 600).Select(i => i % 4 < 3 ? "a" : "b").ToArray())]);
        var options = new DriftOptions { CategoricalMethod = DriftMethods.Parse(alias) };
        var unchanged = DriftDetector.Compare(reference, same, options).Columns[0];
        var changed = DriftDetector.Compare(reference, moved, options).Columns[0];
        Assert.Equal(name, changed.Method);
        Assert.Equal(false, unchanged.Drift);
        Assert.Equal(true, changed.Drift);
    }

    [Fact]
    public void Unknown_method_names_list_the_known_ones()
    {
        var e = Assert.Throws<GyreException>(() => DriftMethods.Parse("kolmogorov"));
        Assert.Contains("Unknown drift method 'kolmogorov'", e.Message);
        Assert.Contains("psi", e.Message);
    }

    [Fact]
    public void Prediction_and_target_drift_are_reported_by_role()
    {
        var random = new Random(5);
        DataFrame Make(double shift, double positive) => new([
            new DoubleColumn("score", Enumerable.Range(0, 500).Select(_ => shift + random.NextDouble()).ToArray()),
            new DoubleColumn("label", Enumerable.Range(0, 500).Select(_ => random.NextDouble() < positive ? 1.0 : 0.0).ToArray()),
        ]);
        var result = DriftDetector.Compare(Make(0, 0.3), Make(0.3, 0.3), new DriftOptions { PredictionColumn = "score", TargetColumn = "label" });
        Assert.Equal(ColumnRole.Prediction, result.PredictionDrift!.Role);
        Assert.True(result.PredictionDrifted);
        Assert.Equal(DriftColumnType.Categorical, result.TargetDrift!.Type); // 0/1 labels compare as categories
        Assert.False(result.TargetDrifted);
    }
}
