using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Tests.Support;

namespace Gyre.Models.Tests.Onnx;

/// <summary>Signature, MLflow-written ONNX files, concurrency and buffer reuse.</summary>
public sealed class OnnxModelBehaviourTests
{
    private static string Models(params string[] parts) => SharedData.PathOf(["reference", "models", .. parts]);

    [Fact]
    public void SignatureReportsNamesTypesAndDynamicBatch()
    {
        using var model = ModelLoader.Default.Load(Models("onnx", "sklearn", "gradient_boosting_classifier_multiclass", "model.onnx"));
        var input = Assert.Single(model.Signature.Inputs);
        Assert.Equal(new TensorSpec("input", TensorType.Float32, [-1, 8]).ToString(), input.ToString());
        Assert.Equal(["label", "probabilities"], model.Signature.Outputs.Select(o => o.Name));
        Assert.Equal(TensorType.Int64, model.Signature.Outputs[0].Type);
        Assert.Equal(8, ((OnnxModel)model).Metadata["feature_names"].Split(',').Length);
    }

    [Theory]
    [InlineData("onnx_gradient_boosting_classifier_binary", "onnx/sklearn/gradient_boosting_classifier_binary/test_data.json")]
    [InlineData("onnx_mlp_classifier", "onnx/torch/mlp_classifier/test_data.json")]
    public void MlflowOnnxModelFilesLoadAndScore(string directory, string testData)
    {
        // onnx_mlp_classifier keeps its weights in an external-data file beside model.onnx.
        ReferenceModelTests.Check(Models("mlflow", directory, "model.onnx"), Models(testData.Split('/')));
    }

    public static TheoryData<string> AllReferenceOnnxFiles()
    {
        var data = new TheoryData<string>();
        var root = Models("onnx");
        foreach (var f in Directory.GetFiles(root, "*.onnx", SearchOption.AllDirectories).Order())
            data.Add(Path.GetRelativePath(root, f));
        return data;
    }

    [Theory]
    [MemberData(nameof(AllReferenceOnnxFiles))]
    public void EmptyBatchGivesEmptyOutputs(string relativePath)
    {
        using var model = ModelLoader.Default.Load(Models(["onnx", .. relativePath.Split('/')]));
        var spec = model.Signature.Inputs[0];
        var shape = spec.Shape!.Select((d, i) => i == 0 ? 0 : d).ToArray();
        var outputs = model.Predict(new Dictionary<string, Tensor> { [spec.Name] = Tensor.Zeros(spec.Type, shape) });
        Assert.Equal(model.Signature.Outputs.Count, outputs.Count);
        foreach (var o in outputs.Values)
        {
            Assert.Equal(0, o.Dim(0));
            Assert.Equal(0, o.Length);
        }
    }

    [Fact]
    public void ProfileNodesReportsEveryNodeInExecutionOrder()
    {
        using var model = OnnxModel.Load(Models("onnx", "torch", "mlp_classifier", "model_opset17.onnx"));
        var data = ReferenceTestData.Load(Models("onnx", "torch", "mlp_classifier", "test_data.json"));
        var profile = model.ProfileNodes(data.Inputs, iterations: 2);
        Assert.Equal(model.OperatorsInOrder, profile.Select(p => p.OpType));
        Assert.All(profile, p => Assert.True(p.Elapsed >= TimeSpan.Zero));
        Assert.Contains(profile, p => p.OpType == "Gemm" && p.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public void ConcurrentPredictionsMatchSequentialOnes()
    {
        using var model = ModelLoader.Default.Load(Models("onnx", "torch", "cnn2d_digits", "model_opset17.onnx"));
        var data = ReferenceTestData.Load(Models("onnx", "torch", "cnn2d_digits", "test_data.json"));
        var expected = model.Predict(data.Inputs)["probabilities"].As<float>();
        var failures = 0;
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 3; i++)
                if (!model.Predict(data.Inputs)["probabilities"].As<float>().SequenceEqual(expected)) Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void OutputsAreNotOverwrittenByLaterRuns()
    {
        using var model = ModelLoader.Default.Load(Models("onnx", "torch", "mlp_regressor", "model_opset13.onnx"));
        var data = ReferenceTestData.Load(Models("onnx", "torch", "mlp_regressor", "test_data.json"));
        var first = model.Predict(data.Inputs)["prediction"];
        var snapshot = first.As<float>().ToArray();
        var zeros = new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(new float[data.Inputs["input"].Length], data.Inputs["input"].ShapeArray()) };
        for (var i = 0; i < 3; i++) model.Predict(zeros);
        Assert.Equal(snapshot, first.As<float>());
    }

    [Fact]
    public void SingleRowAndBatchGiveTheSameRows()
    {
        using var model = ModelLoader.Default.Load(Models("onnx", "torch", "mlp_classifier_layernorm", "model_opset17.onnx"));
        var data = ReferenceTestData.Load(Models("onnx", "torch", "mlp_classifier_layernorm", "test_data.json"));
        var input = data.Inputs["input"];
        var batch = model.Predict(data.Inputs)["probabilities"].As<float>();
        var features = input.Dim(1);
        for (var r = 0; r < 5; r++)
        {
            var row = Tensor.FromFloat(input.As<float>().AsSpan(r * features, features).ToArray(), 1, features);
            var one = model.Predict(new Dictionary<string, Tensor> { ["input"] = row })["probabilities"].As<float>();
            Assert.Equal(batch.AsSpan(r * 3, 3).ToArray(), one);
        }
    }
}
