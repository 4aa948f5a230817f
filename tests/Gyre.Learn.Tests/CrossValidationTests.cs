using Gyre.Learn.Linear;
using Gyre.Learn.Trees;
using Gyre.Learn.Validation;

namespace Gyre.Learn.Tests;

public sealed class CrossValidationTests
{
    [Fact]
    public void Stratified_folds_partition_the_rows_and_keep_class_shares()
    {
        var data = ReferenceData.ChurnTrain;
        var folds = CrossValidation.Folds(data, 5, stratified: true, seed: 1);
        Assert.Equal(data.RowCount, folds.Sum(f => f.Length));
        Assert.Equal(data.RowCount, folds.SelectMany(f => f).Distinct().Count());
        double share = data.Labels.Average();
        foreach (var fold in folds)
        {
            Assert.InRange(fold.Length, data.RowCount / 5 - 1, data.RowCount / 5 + 1);
            double foldShare = fold.Average(r => data.Labels[r]);
            Assert.True(Math.Abs(foldShare - share) < 0.001, $"fold churn share {foldShare} vs {share}");
        }
    }

    [Fact]
    public void Cross_validation_reports_each_fold_and_the_spread()
    {
        var result = CrossValidation.Run(ReferenceData.ChurnTrain, 3,
            d => GbdtTrainer.Train(d, new GbdtOptions { Rounds = 30, MaxDepth = 4, LearningRate = 0.2 }).Model,
            stratified: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, result.Folds.Count);
        Assert.True(result.Mean("roc_auc") > 0.8);
        Assert.True(result.StandardDeviation("roc_auc") is > 0 and < 0.05);
    }

    [Fact]
    public void Regression_folds_are_plain_k_fold()
    {
        var result = CrossValidation.Run(ReferenceData.RegressionTrain, 4,
            d => LinearTrainer.Train(d, new LinearOptions { Task = LearningTask.Regression }), stratified: false,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(4, result.Folds.Count);
        Assert.True(result.Mean("r2") > 0.6);
    }
}
