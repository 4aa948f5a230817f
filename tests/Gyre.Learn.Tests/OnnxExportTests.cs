using Gyre.Learn.Data;
using Gyre.Learn.Export;
using Gyre.Learn.Linear;
using Gyre.Learn.Trees;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;

namespace Gyre.Learn.Tests;

/// <summary>Exported models run on Gyre's ONNX interpreter and agree with the in-memory model to 1e-5.</summary>
public sealed class OnnxExportTests
{
    public static TheoryData<string, LearningTask> Cases() => new()
    {
        { "gbdt", LearningTask.BinaryClassification },
        { "gbdt", LearningTask.MulticlassClassification },
        { "gbdt", LearningTask.Regression },
        { "linear", LearningTask.BinaryClassification },
        { "linear", LearningTask.MulticlassClassification },
        { "linear", LearningTask.Regression },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exported_model_matches_the_trained_model(string kind, LearningTask task)
    {
        var (train, test) = task switch
        {
            // The churn data with missing values checks that NaN follows the learned direction / imputation.
            LearningTask.BinaryClassification => (ReferenceData.ChurnMissingTrain, ReferenceData.ChurnMissingTest),
            LearningTask.MulticlassClassification => (ReferenceData.MulticlassTrain, ReferenceData.MulticlassTest),
            _ => (ReferenceData.RegressionTrain, ReferenceData.RegressionTest),
        };
        ITrainedModel model = kind == "gbdt"
            ? GbdtTrainer.Train(train, new GbdtOptions { Task = task, Rounds = 40, MaxDepth = 6, LearningRate = 0.2, BaseScoreFromData = true },
                null, null, TestContext.Current.CancellationToken).Model
            : LinearTrainer.Train(train, new LinearOptions { Task = task }, TestContext.Current.CancellationToken);

        using var onnx = OnnxModel.Load(new MemoryStream(OnnxExporter.ToBytes(model)));
        var outputs = onnx.Predict(new Dictionary<string, Tensor> { [OnnxExporter.InputName] = Tensor.FromFloat(test.Features, test.RowCount, test.FeatureCount) });
        var expected = new float[test.RowCount * model.OutputWidth];
        model.Predict(test.Features, test.RowCount, expected);

        if (task == LearningTask.Regression)
        {
            var actual = outputs[OnnxExporter.PredictionOutput].As<float>();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"row {i}: {expected[i]} vs {actual[i]}");
            return;
        }
        var probabilities = outputs[OnnxExporter.ProbabilitiesOutput].As<float>();
        var labels = outputs[OnnxExporter.LabelOutput].As<long>();
        int classes = model.ClassCount;
        for (int r = 0; r < test.RowCount; r++)
        {
            if (task == LearningTask.BinaryClassification)
            {
                Assert.True(Math.Abs(expected[r] - probabilities[r * 2 + 1]) <= 1e-5, $"row {r}: {expected[r]} vs {probabilities[r * 2 + 1]}");
                Assert.True(Math.Abs(1 - expected[r] - probabilities[r * 2]) <= 1e-5);
                if (Math.Abs(expected[r] - 0.5) > 1e-5) Assert.Equal(expected[r] > 0.5f ? 1 : 0, labels[r]);
            }
            else
            {
                for (int c = 0; c < classes; c++)
                    Assert.True(Math.Abs(expected[r * classes + c] - probabilities[r * classes + c]) <= 1e-5, $"row {r} class {c}");
            }
        }
    }
}
