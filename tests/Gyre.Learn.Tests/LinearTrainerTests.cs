using Gyre.Learn.Data;
using Gyre.Learn.Linear;
using Gyre.Learn.Metrics;

namespace Gyre.Learn.Tests;

public sealed class LinearTrainerTests
{
    private static LinearModel Fit(Dataset data, LinearOptions options) => LinearTrainer.Train(data, options, TestContext.Current.CancellationToken);

    [Fact]
    public void Least_squares_residuals_are_orthogonal_to_every_feature()
    {
        var data = ReferenceData.RegressionTrain;
        var model = Fit(data, new LinearOptions { Task = LearningTask.Regression, L2 = 0 });
        var predicted = new float[data.RowCount];
        model.Predict(data.Features, data.RowCount, predicted);
        // The normal equations: sum of residuals and of residual x (centred feature) vanish at the optimum.
        double residualSum = 0;
        for (int r = 0; r < data.RowCount; r++) residualSum += data.Labels[r] - (double)predicted[r];
        Assert.True(Math.Abs(residualSum / data.RowCount) < 0.05, $"mean residual {residualSum / data.RowCount}");
        for (int j = 0; j < data.FeatureCount; j++)
        {
            double dot = 0, norm = 0, mean = 0;
            for (int r = 0; r < data.RowCount; r++) mean += data.Features[r * data.FeatureCount + j];
            mean /= data.RowCount;
            double residualNorm = 0;
            for (int r = 0; r < data.RowCount; r++)
            {
                double x = data.Features[r * data.FeatureCount + j] - mean, e = data.Labels[r] - (double)predicted[r];
                dot += x * e;
                norm += x * x;
                residualNorm += e * e;
            }
            double correlation = dot / Math.Sqrt(norm * residualNorm);
            Assert.True(Math.Abs(correlation) < 1e-3, $"feature {j}: residual correlation {correlation}");
        }
        var test = ModelEvaluation.Evaluate(model, ReferenceData.RegressionTest);
        Assert.True(test["r2"] > 0.6, $"R2 {test["r2"]}");
    }

    [Fact]
    public void Ridge_shrinks_the_weights()
    {
        var data = ReferenceData.RegressionTrain;
        var plain = Fit(data, new LinearOptions { Task = LearningTask.Regression, L2 = 0 });
        var ridge = Fit(data, new LinearOptions { Task = LearningTask.Regression, L2 = 50_000 });
        double Norm(LinearModel m) => Enumerable.Range(0, m.FeatureCount).Sum(j => m.Weights[0, j] * m.Weights[0, j] * m.ImputeValues[j] * m.ImputeValues[j]);
        Assert.True(Norm(ridge) < Norm(plain));
    }

    [Fact]
    public void Logistic_regression_is_calibrated_in_the_mean_and_ranks_churners()
    {
        var data = ReferenceData.ChurnTrain;
        var model = Fit(data, new LinearOptions { Task = LearningTask.BinaryClassification, L2 = 1 });
        var p = new float[data.RowCount];
        model.Predict(data.Features, data.RowCount, p);
        // The unpenalised intercept makes the mean prediction equal the base rate at the optimum.
        Assert.Equal(data.Labels.Average(), p.Average(), 3);
        var test = ModelEvaluation.Evaluate(model, ReferenceData.ChurnTest);
        Assert.True(test["roc_auc"] > 0.75, $"AUC {test["roc_auc"]}");
    }

    [Fact]
    public void Multinomial_logistic_regression_predicts_distributions()
    {
        var model = Fit(ReferenceData.MulticlassTrain, new LinearOptions { Task = LearningTask.MulticlassClassification });
        Assert.Equal(3, model.ClassCount);
        var test = ReferenceData.MulticlassTest;
        var p = new float[test.RowCount * 3];
        model.Predict(test.Features, test.RowCount, p);
        for (int r = 0; r < test.RowCount; r++) Assert.Equal(1.0, p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2], 5);
        var metrics = ModelEvaluation.Evaluate(model, test);
        Assert.True(metrics["accuracy"] > 0.55, $"accuracy {metrics["accuracy"]}");
    }

    [Fact]
    public void Missing_values_are_replaced_by_the_training_mean()
    {
        var data = ReferenceData.ChurnMissingTrain;
        var model = Fit(data, new LinearOptions { Task = LearningTask.BinaryClassification });
        var row = data.Row(Array.FindIndex(data.Labels, _ => true)).ToArray();
        row[1] = float.NaN;
        var filled = (float[])row.Clone();
        filled[1] = model.ImputeValues[1];
        var a = new float[1];
        var b = new float[1];
        model.Predict(row, 1, a);
        model.Predict(filled, 1, b);
        Assert.False(float.IsNaN(a[0]));
        Assert.Equal(b[0], a[0]);
    }
}
