using Gyre.Core.Errors;
using Gyre.Learn.Metrics;

namespace Gyre.Learn.Tests;

/// <summary>Expected values are the worked examples of scikit-learn's documentation for the same metrics.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void Roc_auc_matches_the_scikit_learn_example()
    {
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0, 0, 1, 1], [0.1f, 0.4f, 0.35f, 0.8f]), 12);
    }

    [Fact]
    public void Roc_auc_counts_ties_as_half()
    {
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([0, 1, 0, 1], [0.5f, 0.5f, 0.5f, 0.5f]), 12);
        Assert.Equal(0.875, ClassificationMetrics.RocAuc([0, 0, 1, 1], [0.1f, 0.5f, 0.5f, 0.9f]), 12);
    }

    [Fact]
    public void Roc_auc_needs_both_classes()
    {
        Assert.Throws<GyreException>(() => ClassificationMetrics.RocAuc([1, 1], [0.2f, 0.3f]));
    }

    [Fact]
    public void Log_loss_matches_the_scikit_learn_example()
    {
        // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616...
        Assert.Equal(0.21616, ClassificationMetrics.LogLoss([1, 0, 0, 1], [0.9f, 0.1f, 0.2f, 0.65f]), 5);
        Assert.Equal(0.21616, ClassificationMetrics.MultiLogLoss([1, 0, 0, 1], [.1f, .9f, .9f, .1f, .8f, .2f, .35f, .65f], 2), 5);
    }

    [Fact]
    public void Precision_recall_f1_match_the_scikit_learn_example()
    {
        float[] truth = [0, 1, 2, 0, 1, 2];
        int[] predicted = [0, 2, 1, 0, 0, 1];
        // f1_score(average="macro") = 0.2666...; class 0: precision 2/3, recall 1.
        Assert.Equal(0.26667, ClassificationMetrics.MacroF1(truth, predicted, 3), 5);
        Assert.Equal(2.0 / 3, ClassificationMetrics.Precision(truth, predicted, 0), 12);
        Assert.Equal(1.0, ClassificationMetrics.Recall(truth, predicted, 0), 12);
        Assert.Equal(2.0 / 6, ClassificationMetrics.Accuracy(truth, predicted), 12);
    }

    [Fact]
    public void Regression_metrics_match_the_scikit_learn_example()
    {
        float[] truth = [3, -0.5f, 2, 7];
        float[] predicted = [2.5f, 0, 2, 8];
        Assert.Equal(0.948608, RegressionMetrics.R2(truth, predicted), 6);
        Assert.Equal(0.5, RegressionMetrics.Mae(truth, predicted), 12);
        Assert.Equal(Math.Sqrt(0.375), RegressionMetrics.Rmse(truth, predicted), 12);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = Assert.Throws<GyreException>(() => RegressionMetrics.Rmse([1, 2], [1]));
        Assert.Contains("2 predictions", e.Message);
    }
}
