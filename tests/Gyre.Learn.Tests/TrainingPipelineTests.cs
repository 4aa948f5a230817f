using Gyre.Models.Abstractions;
using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Core.Testing;
using Gyre.Learn.Inference;
using Gyre.Learn.Training;

namespace Gyre.Learn.Tests;

/// <summary>The path behind <c>gyre train</c> and <c>gyre predict</c>: CSV in, MLflow directory out, scored back.</summary>
public sealed class TrainingPipelineTests
{
    private static DataFrame Csv(string file) => CsvTable.Read(SharedData.PathOf("reference", "models", "datasets", file));

    [Theory]
    [InlineData("gbdt", null, "churn_encoded_missing", "churn")]
    [InlineData("gbdt", "onnx", "churn_encoded_missing", "churn")]
    [InlineData("logistic", null, "churn_encoded_missing", "churn")]
    [InlineData("gbdt", null, "multiclass", "class")]
    [InlineData("linear", null, "regression", "price_k")]
    [InlineData("gbdt", "onnx", "regression", "price_k")]
    public void Saved_model_directory_scores_like_the_trained_model(string kind, string? flavor, string dataset, string target)
    {
        var train = Csv($"{dataset}_train.csv");
        var test = Csv($"{dataset}_test.csv");
        var request = new TrainingRequest
        {
            Train = train, Validation = test, Target = target,
            Kind = Enum.Parse<ModelKind>(kind, ignoreCase: true),
            Parameters = kind == "gbdt" ? new Dictionary<string, string> { ["num_boost_round"] = "30", ["eta"] = "0.2" } : new Dictionary<string, string>(),
        };
        var outcome = ModelTrainer.Train(request, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(outcome.ValidationMetrics);
        var directory = Path.Combine(Path.GetTempPath(), "gyre-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            var features = Data.DatasetBuilder.FeatureMatrix(train, outcome.Model.FeatureNames).Values;
            var document = ModelPackager.SaveMlflow(outcome, directory, flavor, features);
            Assert.Contains(flavor ?? (kind == "gbdt" ? "xgboost" : "onnx"), document.Flavors.Keys);

            using var loaded = ModelLoader.Default.Load(directory);
            var scored = new BatchScorer(loaded).Score(test, batchSize: 777, cancellationToken: TestContext.Current.CancellationToken);
            var (matrix, _) = Data.DatasetBuilder.FeatureMatrix(test, outcome.Model.FeatureNames);
            var expected = new float[test.RowCount * outcome.Model.OutputWidth];
            outcome.Model.Predict(matrix, test.RowCount, expected);
            int width = outcome.Model.OutputWidth;
            for (int r = 0; r < test.RowCount; r++)
                for (int k = 0; k < width; k++)
                {
                    double actual = Actual(scored, outcome.Model.Task, width, r, k);
                    double e = expected[r * width + k];
                    Assert.True(Math.Abs(e - actual) <= 1e-5 * Math.Max(1, Math.Abs(e)), $"row {r} output {k}: {e} vs {actual}");
                }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    private static double Actual(DataFrame scored, LearningTask task, int width, int row, int k)
    {
        // xgboost flavor: "prediction" ([N]) or "prediction_k" ([N, K]); ONNX regressor: "prediction" ([N, 1]).
        if (scored.TryGetColumn(width == 1 ? "prediction" : $"prediction_{k}", out var p)) return ((DoubleColumn)p).Values[row];
        // ONNX classifiers: probabilities_1 is P(class 1) for binary.
        return ((DoubleColumn)scored[task == LearningTask.BinaryClassification ? "probabilities_1" : $"probabilities_{k}"]).Values[row];
    }

    [Fact]
    public void Task_follows_the_target_column()
    {
        LearningTask Task(string file, string target, ModelKind kind = ModelKind.Gbdt) =>
            ModelTrainer.ChooseTask(new TrainingRequest { Train = Csv(file), Target = target, Kind = kind });
        Assert.Equal(LearningTask.BinaryClassification, Task("churn_encoded_train.csv", "churn"));
        Assert.Equal(LearningTask.MulticlassClassification, Task("multiclass_train.csv", "class"));
        Assert.Equal(LearningTask.Regression, Task("regression_train.csv", "price_k"));
        Assert.Equal(LearningTask.MulticlassClassification, Task("churn_train.csv", "contract_type", ModelKind.Logistic));
    }

    [Fact]
    public void Bad_input_gives_messages_that_name_it()
    {
        var train = Csv("churn_train.csv");
        var e = Assert.Throws<GyreException>(() => ModelTrainer.Train(new TrainingRequest { Train = train, Target = "churn" }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("contract_type", e.Message); // a text feature column must be encoded first
        e = Assert.Throws<GyreException>(() => ModelTrainer.Train(new TrainingRequest { Train = train, Target = "nope" }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("nope", e.Message);
        e = Assert.Throws<GyreException>(() => ModelTrainer.ParseParameters(["eta"]));
        Assert.Contains("name=value", e.Message);
        e = Assert.Throws<GyreException>(() => ModelTrainer.Train(new TrainingRequest
        {
            Train = Csv("churn_encoded_train.csv"), Target = "churn", Parameters = new Dictionary<string, string> { ["max_deep"] = "3" },
        }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("max_deep", e.Message);
    }
}
