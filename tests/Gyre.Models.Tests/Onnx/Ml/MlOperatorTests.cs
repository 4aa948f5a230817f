using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Tests.Support;

namespace Gyre.Models.Tests.Onnx.Ml;

/// <summary>
/// ai.onnx.ml operators that the reference models do not exercise, checked against values worked out
/// by hand from the operator specification.
/// </summary>
public sealed class MlOperatorTests
{
    private static IReadOnlyDictionary<string, Tensor> Run(OnnxGraphBuilder b, Tensor x)
    {
        using var model = b.Build();
        return model.Predict(new Dictionary<string, Tensor> { ["X"] = x });
    }

    [Fact]
    public void ImputerReplacesNaNPerFeature()
    {
        var b = OnnxGraphBuilder.Ml("Imputer", 1).Input("X", TensorType.Float32, -1, 3).Output("Y", TensorType.Float32, -1, 3)
            .Attr("imputed_value_floats", 10f, 20f, 30f).Attr("replaced_value_float", float.NaN);
        var y = Run(b, Tensor.FromFloat([1, float.NaN, 3, float.NaN, 5, float.NaN], 2, 3))["Y"];
        Assert.Equal([1f, 20f, 3f, 10f, 5f, 30f], y.As<float>());
    }

    [Fact]
    public void OneHotEncoderMarksKnownCategoriesAndZerosUnknownOnes()
    {
        var b = OnnxGraphBuilder.Ml("OneHotEncoder", 1).Input("X", TensorType.Int64, -1, 1).Output("Y")
            .Attr("cats_int64s", 1L, 3L, 5L).Attr("zeros", 1L);
        var y = Run(b, Tensor.FromInt64([3, 5, 7], 3, 1))["Y"];
        Assert.Equal([3, 1, 3], y.ShapeArray());
        Assert.Equal([0f, 1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f], y.As<float>());
    }

    [Fact]
    public void OneHotEncoderWithZerosOffRejectsUnknownCategoryByValue()
    {
        var b = OnnxGraphBuilder.Ml("OneHotEncoder", 1).Input("X", TensorType.String, -1).Output("Y")
            .Attr("cats_strings", "red", "green").Attr("zeros", 0L);
        var ex = Assert.Throws<GyreException>(() => Run(b, Tensor.FromString(["red", "blue"], 2)));
        Assert.Contains("'blue'", ex.Message);
    }

    [Fact]
    public void LabelEncoderMapsStringsToIntsWithDefault()
    {
        var b = OnnxGraphBuilder.Ml("LabelEncoder", 2).Input("X", TensorType.String, -1).Output("Y", TensorType.Int64, -1)
            .Attr("keys_strings", "a", "b").Attr("values_int64s", 1L, 2L).Attr("default_int64", -1L);
        Assert.Equal([2L, -1L, 1L], Run(b, Tensor.FromString(["b", "z", "a"], 3))["Y"].As<long>());
    }

    [Fact]
    public void LabelEncoderMapsIntsToStrings()
    {
        var b = OnnxGraphBuilder.Ml("LabelEncoder", 2).Input("X", TensorType.Int64, -1).Output("Y", TensorType.String, -1)
            .Attr("keys_int64s", 0L, 1L).Attr("values_strings", "no", "yes").Attr("default_string", "?");
        Assert.Equal(new string?[] { "yes", "?", "no" }, Run(b, Tensor.FromInt64([1, 7, 0], 3))["Y"].As<string?>());
    }

    [Fact]
    public void LabelEncoderOpset1MapsClassNamesToIndicesAndBack()
    {
        var forward = OnnxGraphBuilder.Ml("LabelEncoder", 1).Input("X", TensorType.String, -1).Output("Y", TensorType.Int64, -1)
            .Attr("classes_strings", "cat", "dog").Attr("default_int64", 42L);
        Assert.Equal([1L, 42L, 0L], Run(forward, Tensor.FromString(["dog", "emu", "cat"], 3))["Y"].As<long>());
        var backward = OnnxGraphBuilder.Ml("LabelEncoder", 1).Input("X", TensorType.Int64, -1).Output("Y", TensorType.String, -1)
            .Attr("classes_strings", "cat", "dog").Attr("default_string", "none");
        Assert.Equal(new string?[] { "dog", "none" }, Run(backward, Tensor.FromInt64([1, 5], 2))["Y"].As<string?>());
    }

    [Fact]
    public void LabelEncoderMapsFloatsToFloats()
    {
        var b = OnnxGraphBuilder.Ml("LabelEncoder", 2).Input("X", TensorType.Float32, -1).Output("Y", TensorType.Float32, -1)
            .Attr("keys_floats", 0.5f, 1.5f).Attr("values_floats", 10f, 20f).Attr("default_float", -1f);
        Assert.Equal([20f, -1f, 10f], Run(b, Tensor.FromFloat([1.5f, 2f, 0.5f], 3))["Y"].As<float>());
    }

    [Fact]
    public void ArrayFeatureExtractorSelectsColumns()
    {
        var b = OnnxGraphBuilder.Ml("ArrayFeatureExtractor", 1).Input("X", TensorType.Float32, -1, 3)
            .Initializer("idx", Tensor.FromInt64([2, 0], 2)).Output("Y");
        var y = Run(b, Tensor.FromFloat([1, 2, 3, 4, 5, 6], 2, 3))["Y"];
        Assert.Equal([2, 2], y.ShapeArray());
        Assert.Equal([3f, 1f, 6f, 4f], y.As<float>());
    }

    [Fact]
    public void BinarizerIsStrictlyGreaterThanThreshold()
    {
        var b = OnnxGraphBuilder.Ml("Binarizer", 1).Input("X", TensorType.Float32, -1).Output("Y").Attr("threshold", 2f);
        Assert.Equal([0f, 0f, 1f], Run(b, Tensor.FromFloat([1, 2, 3], 3))["Y"].As<float>());
    }

    [Theory]
    [InlineData("L2", new[] { 0.6f, 0.8f })]
    [InlineData("L1", new[] { 3f / 7, 4f / 7 })]
    [InlineData("MAX", new[] { 0.75f, 1f })]
    public void NormalizerDividesByTheNorm(string norm, float[] expected)
    {
        var b = OnnxGraphBuilder.Ml("Normalizer", 1).Input("X", TensorType.Float32, -1, 2).Output("Y").Attr("norm", norm);
        var y = Run(b, Tensor.FromFloat([3, 4], 1, 2))["Y"].As<float>();
        for (var i = 0; i < 2; i++) Assert.Equal(expected[i], y[i], 6);
    }

    [Fact]
    public void TreeEnsembleHonoursBranchLtAndMissingValueTracking()
    {
        // One tree: x0 < 0.5 goes to leaf 1 (value 10) else leaf 2 (value 20); NaN follows the true branch.
        var b = OnnxGraphBuilder.Ml("TreeEnsembleRegressor", 3).Input("X", TensorType.Float32, -1, 1).Output("Y")
            .Attr("nodes_treeids", 0L, 0L, 0L).Attr("nodes_nodeids", 0L, 1L, 2L).Attr("nodes_featureids", 0L, 0L, 0L)
            .Attr("nodes_values", 0.5f, 0f, 0f).Attr("nodes_modes", "BRANCH_LT", "LEAF", "LEAF")
            .Attr("nodes_truenodeids", 1L, 0L, 0L).Attr("nodes_falsenodeids", 2L, 0L, 0L)
            .Attr("nodes_missing_value_tracks_true", 1L, 0L, 0L)
            .Attr("target_treeids", 0L, 0L).Attr("target_nodeids", 1L, 2L).Attr("target_ids", 0L, 0L).Attr("target_weights", 10f, 20f)
            .Attr("base_values", new[] { 1f });
        var y = Run(b, Tensor.FromFloat([0.5f, 0.4f, float.NaN], 3, 1))["Y"];
        Assert.Equal([21f, 11f, 11f], y.As<float>());
    }

    [Fact]
    public void BinaryLinearClassifierWithOneRowExpandsToTwoColumns()
    {
        var b = OnnxGraphBuilder.Ml("LinearClassifier", 1).Input("X", TensorType.Float32, -1, 2)
            .Output("label", TensorType.Int64, -1).Output("scores", TensorType.Float32, -1, 2)
            .Attr("coefficients", 1f, 1f).Attr("intercepts", new[] { 0f }).Attr("classlabels_ints", 0L, 1L).Attr("post_transform", "LOGISTIC");
        var result = Run(b, Tensor.FromFloat([1, 1, -1, -2], 2, 2));
        Assert.Equal([1L, 0L], result["label"].As<long>());
        var s = result["scores"].As<float>();
        Assert.Equal(1 / (1 + Math.Exp(2)), s[0], 6);
        Assert.Equal(1 / (1 + Math.Exp(-2)), s[1], 6);
        Assert.Equal(1 / (1 + Math.Exp(-3)), s[2], 6);
    }

    [Fact]
    public void ZipMapPublishesScoresWithTheirLabels()
    {
        var b = OnnxGraphBuilder.Ml("ZipMap", 1).Input("X", TensorType.Float32, -1, 3).SequenceOfMapsOutput("Z")
            .Attr("classlabels_int64s", 4L, 7L, 9L);
        using var model = b.Build();
        var spec = Assert.Single(model.Signature.Outputs);
        Assert.Equal(["4", "7", "9"], spec.ColumnLabels);
        var z = model.Predict(new Dictionary<string, Tensor> { ["X"] = Tensor.FromFloat([0.1f, 0.2f, 0.7f], 1, 3) })["Z"];
        Assert.Equal([0.1f, 0.2f, 0.7f], z.As<float>());
    }

    [Fact]
    public void ScalerRejectsWrongFeatureCountNamingTheNode()
    {
        var b = OnnxGraphBuilder.Ml("Scaler", 1).Input("X", TensorType.Float32, -1, -1).Output("Y")
            .Attr("offset", 1f, 2f).Attr("scale", 1f, 1f);
        var ex = Assert.Throws<GyreException>(() => Run(b, Tensor.FromFloat([1, 2, 3], 1, 3)));
        Assert.Contains("node_under_test", ex.Message);
    }
}
