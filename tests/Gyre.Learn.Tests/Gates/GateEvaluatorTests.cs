using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Core.Testing;
using Gyre.Learn.Gates;
using Gyre.Models.Abstractions;

namespace Gyre.Learn.Tests.Gates;

public class GateEvaluatorTests
{
    private static readonly DataFrame Holdout = CsvTable.Read(SharedData.PathOf("reference", "models", "datasets", "churn_encoded_test.csv"));

    private static string ModelPath(string name) => SharedData.PathOf("reference", "models", "onnx", "sklearn", name, "model.onnx");

    private static GateReport Evaluate(string yaml, string candidate = "gradient_boosting_classifier_binary", string? baseline = null)
    {
        using var model = ModelLoader.Default.Load(ModelPath(candidate));
        using var baselineModel = baseline is null ? null : ModelLoader.Default.Load(ModelPath(baseline));
        return GateEvaluator.Evaluate(GateSuite.Parse(yaml), model, ModelPath(candidate), Holdout, "churn", baselineModel);
    }

    [Fact]
    public void AGoodModelPassesMetricSizeAndLatencyGatesWithTheMeasuredValues()
    {
        var report = Evaluate("""
            gates:
              - metric: roc_auc
                min: 0.7
              - metric: accuracy
                min: 0.6
              - max_size_mb: 10
              - latency_p99_ms: 1000
                sample_rows: 50
            """);

        Assert.True(report.Passed, string.Join("; ", report.Results.Select(r => $"{r.Name}: {r.Measured} {r.Detail}")));
        var auc = report.Results.Single(r => r.Name == "roc_auc");
        Assert.InRange(auc.Measured, 0.7, 1.0);
        Assert.Equal(">= 0.7", auc.Threshold);
        Assert.InRange(report.Results.Single(r => r.Name == "model_size").Measured, 1e-6, 10);
        Assert.True(report.Results.Single(r => r.Name == "latency_p99").Measured > 0);
    }

    [Fact]
    public void AnUnreachableThresholdFailsAndSaysByHowMuch()
    {
        var report = Evaluate("gates:\n  - metric: roc_auc\n    min: 0.9999\n");
        Assert.False(report.Passed);
        var result = Assert.Single(report.Results);
        Assert.False(result.Passed);
        Assert.True(result.Measured < 0.9999);
    }

    [Fact]
    public void AMarkedlyWorseCandidateIsASignificantRegression()
    {
        // A single decision tree's hard 0/1 probabilities lose badly on log loss to gradient boosting.
        var worse = Evaluate("gates:\n  - no_regression: { alpha: 0.05 }\n", candidate: "decision_tree_classifier_binary", baseline: "gradient_boosting_classifier_binary");
        var result = Assert.Single(worse.Results);
        Assert.False(result.Passed);
        Assert.True(result.Measured < 0.05);
        Assert.Contains("paired t-test on per-row log loss", result.Detail);

        var same = Evaluate("gates:\n  - no_regression: {}\n", baseline: "gradient_boosting_classifier_binary");
        Assert.True(Assert.Single(same.Results).Passed);
    }

    [Fact]
    public void FairnessComparesTheMetricAcrossGroups()
    {
        var loose = Evaluate("gates:\n  - fairness: { group: contract_type_ord, metric: positive_rate, max_gap: 1.0 }\n");
        var result = Assert.Single(loose.Results);
        Assert.True(result.Passed);
        Assert.Contains("positive_rate by contract_type_ord:", result.Detail);

        var strict = Evaluate("gates:\n  - fairness: { group: contract_type_ord, metric: positive_rate, max_gap: 0.0001 }\n");
        Assert.False(Assert.Single(strict.Results).Passed);
    }

    [Fact]
    public void NoRegressionWithoutABaselineIsAnError()
    {
        var error = Assert.Throws<GyreException>(() => Evaluate("gates:\n  - no_regression: {}\n"));
        Assert.Contains("needs a baseline model", error.Message);
    }

    [Theory]
    [InlineData("gates:\n  - metric: auc_pr\n    min: 1\n", "line 2: unknown metric 'auc_pr'")]
    [InlineData("gates:\n  - metric: accuracy\n", "needs min or max")]
    [InlineData("gates:\n  - latency_p99_ms: fast\n", "'latency_p99_ms' must be a number")]
    [InlineData("gates:\n  - colour: blue\n", "unknown gate (colour)")]
    [InlineData("rules: []\n", "expected a top-level 'gates:' list")]
    [InlineData("gates: [\n", "not valid YAML")]
    public void BadGateFilesSayWhatAndWhere(string yaml, string message)
    {
        var error = Assert.Throws<GyreException>(() => GateSuite.Parse(yaml));
        Assert.Contains(message, error.Message);
    }
}
