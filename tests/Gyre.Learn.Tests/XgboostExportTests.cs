using Gyre.Learn.Trees;
using Gyre.Models.Xgboost;

namespace Gyre.Learn.Tests;

public sealed class XgboostExportTests
{
    [Theory]
    [InlineData(LearningTask.BinaryClassification)]
    [InlineData(LearningTask.MulticlassClassification)]
    [InlineData(LearningTask.Regression)]
    public void Saved_xgboost_json_scores_exactly_like_the_trained_model(LearningTask task)
    {
        var (train, test) = task switch
        {
            LearningTask.BinaryClassification => (ReferenceData.ChurnMissingTrain, ReferenceData.ChurnMissingTest),
            LearningTask.MulticlassClassification => (ReferenceData.MulticlassTrain, ReferenceData.MulticlassTest),
            _ => (ReferenceData.RegressionTrain, ReferenceData.RegressionTest),
        };
        var model = GbdtTrainer.Train(train, new GbdtOptions { Task = task, Rounds = 25, MaxDepth = 5, BaseScoreFromData = task == LearningTask.Regression },
            null, null, TestContext.Current.CancellationToken).Model;
        var xgb = XgboostModel.FromBytes(model.ToXgboostJson());
        Assert.Equal(model.XgboostObjective, xgb.Objective.Name);
        Assert.Equal(model.FeatureNames, xgb.FeatureNames);
        var expected = new float[test.RowCount * model.OutputWidth];
        model.Predict(test.Features, test.RowCount, expected);
        var actual = new float[test.RowCount * xgb.PredictionWidth];
        xgb.Predict(test.Features, test.RowCount, test.FeatureCount, actual);
        Assert.Equal(expected, actual);
    }
}
