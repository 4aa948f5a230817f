using Gyre.Core.Errors;
using Gyre.Models.Xgboost;

namespace Gyre.Models.Tests.Xgboost;

public sealed class XgboostModelTests
{
    public static TheoryData<string, string> ReferenceModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "binary_logistic", "binary_logistic_missing", "multi_softprob", "reg_squarederror" })
            foreach (var file in new[] { "model.json", "model.ubj" })
                data.Add(model, file);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceModels))]
    public void Margins_match_xgboost(string model, string file)
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory(model), file));
        var data = XgboostTestData.Load(model);
        var margins = new float[data.Rows * xgb.MarginWidth];
        xgb.PredictMargins(data.Inputs, data.Rows, data.Features, margins);
        AssertClose(data.Outputs["margin"].Values, margins);
    }

    [Theory]
    [MemberData(nameof(ReferenceModels))]
    public void Predictions_match_xgboost(string model, string file)
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory(model), file));
        var data = XgboostTestData.Load(model);
        var predictions = new float[data.Rows * xgb.PredictionWidth];
        xgb.Predict(data.Inputs, data.Rows, data.Features, predictions);
        Assert.Equal(data.Outputs["prediction"].Values.Length, predictions.Length);
        AssertClose(data.Outputs["prediction"].Values, predictions);
    }

    [Theory]
    [MemberData(nameof(ReferenceModels))]
    public void Leaf_indices_match_xgboost_exactly(string model, string file)
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory(model), file));
        var data = XgboostTestData.Load(model);
        var leaves = new int[data.Rows * xgb.Trees.TreeCount];
        xgb.PredictLeafIndices(data.Inputs, data.Rows, data.Features, leaves);
        var expected = data.Outputs["leaf_indices"].Values;
        Assert.Equal(expected.Length, leaves.Length);
        for (int i = 0; i < leaves.Length; i++) Assert.Equal((int)expected[i], leaves[i]);
    }

    [Fact]
    public void Single_rows_score_like_the_batch()
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory("multi_softprob"), "model.json"));
        var data = XgboostTestData.Load("multi_softprob");
        var expected = data.Outputs["prediction"].Values;
        var one = new float[3];
        for (int r = 0; r < data.Rows; r++)
        {
            xgb.Predict(data.Inputs.AsSpan(r * data.Features, data.Features), 1, data.Features, one);
            for (int c = 0; c < 3; c++) Assert.True(Math.Abs(expected[r * 3 + c] - one[c]) <= 1e-5 * Math.Max(1, Math.Abs(expected[r * 3 + c])));
        }
    }

    [Fact]
    public void Base_score_of_a_logistic_model_is_a_probability_turned_into_a_margin()
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory("binary_logistic_missing"), "model.json"));
        Assert.Equal(0.27f, xgb.BaseScores[0]);
        Assert.Equal(Math.Log(0.27 / 0.73), xgb.Trees.BaseMargins[0], 5);
    }

    [Fact]
    public void Missing_values_follow_the_default_direction()
    {
        var data = XgboostTestData.Load("binary_logistic_missing");
        Assert.Contains(data.Inputs, float.IsNaN);
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory("binary_logistic_missing"), "model.ubj"));
        var predictions = new float[data.Rows];
        xgb.Predict(data.Inputs, data.Rows, data.Features, predictions);
        AssertClose(data.Outputs["prediction"].Values, predictions);
    }

    [Fact]
    public void Multi_softmax_predicts_the_most_probable_class()
    {
        // Same trees as the multi:softprob reference, with the objective switched to multi:softmax.
        var json = File.ReadAllText(Path.Combine(XgboostTestData.ModelDirectory("multi_softprob"), "model.json"))
            .Replace("\"multi:softprob\"", "\"multi:softmax\"", StringComparison.Ordinal);
        var xgb = XgboostModel.FromBytes(System.Text.Encoding.UTF8.GetBytes(json));
        var data = XgboostTestData.Load("multi_softprob");
        Assert.Equal(1, xgb.PredictionWidth);
        var classes = new float[data.Rows];
        xgb.Predict(data.Inputs, data.Rows, data.Features, classes);
        var probabilities = data.Outputs["prediction"].Values;
        for (int r = 0; r < data.Rows; r++)
        {
            var row = probabilities.AsSpan(r * 3, 3);
            Assert.Equal(row.IndexOf(row.ToArray().Max()), (int)classes[r]);
        }
    }

    [Fact]
    public void Feature_names_and_shape_come_from_the_file()
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory("reg_squarederror"), "model.ubj"));
        Assert.Equal(8, xgb.FeatureCount);
        Assert.Equal("sqft_living", xgb.FeatureNames[0]);
        Assert.Equal(120, xgb.Trees.TreeCount);
        Assert.Equal("reg:squarederror", xgb.Objective.Name);
    }

    [Theory]
    [InlineData("model.json")]
    [InlineData("model.ubj")]
    public void Truncated_files_give_a_clear_error(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(XgboostTestData.ModelDirectory("binary_logistic"), file));
        foreach (var length in new[] { 0, 1, 10, bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = Assert.Throws<GyreException>(() => XgboostModel.FromBytes(bytes.AsSpan(0, length), "cut.bin"));
            Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
            Assert.Contains("cut.bin", e.Message);
        }
    }

    [Fact]
    public void Corrupt_trees_are_rejected()
    {
        var json = File.ReadAllText(Path.Combine(XgboostTestData.ModelDirectory("binary_logistic"), "model.json"));
        // A child pointing back to the root would make scoring loop forever.
        var cyclic = json.Replace("\"left_children\":[1,", "\"left_children\":[0,", StringComparison.Ordinal);
        Assert.NotEqual(json, cyclic);
        Assert.Throws<GyreException>(() => XgboostModel.FromBytes(System.Text.Encoding.UTF8.GetBytes(cyclic)));
        var badFeature = json.Replace("\"num_feature\":\"15\"", "\"num_feature\":\"3\"", StringComparison.Ordinal);
        Assert.NotEqual(json, badFeature);
        var e = Assert.Throws<GyreException>(() => XgboostModel.FromBytes(System.Text.Encoding.UTF8.GetBytes(badFeature)));
        Assert.Contains("feature", e.Message);
    }

    [Fact]
    public void Random_bytes_give_a_clear_error_not_a_crash()
    {
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            bytes[0] = (byte)'{';
            Assert.Throws<GyreException>(() => XgboostModel.FromBytes(bytes));
        }
    }

    [Fact]
    public void Too_few_features_per_row_is_rejected()
    {
        var xgb = XgboostModel.Load(Path.Combine(XgboostTestData.ModelDirectory("binary_logistic"), "model.json"));
        var e = Assert.Throws<GyreException>(() => xgb.Predict(new float[10], 1, 10, new float[1]));
        Assert.Contains("15 features", e.Message);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-5 * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"value {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
