using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Tests.Support;

namespace Gyre.Models.Tests.Onnx;

/// <summary>
/// Every ONNX model in shared/reference/models/onnx reproduces the training framework's outputs within
/// the README's tolerances; labels are exact except on listed near-tie rows, where the chosen class
/// must be one of the tied best classes.
/// </summary>
public sealed class ReferenceModelTests
{
    private static string OnnxRoot => SharedData.PathOf("reference", "models", "onnx");

    public static TheoryData<string> SklearnModels()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(OnnxRoot, "sklearn")).Order()) data.Add(Path.GetFileName(dir));
        return data;
    }

    public static TheoryData<string, string> TorchModels()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(OnnxRoot, "torch")).Order())
            foreach (var file in Directory.GetFiles(dir, "*.onnx").Order())
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void EveryReferenceModelIsCovered()
    {
        Assert.Equal(16, SklearnModels().Count);
        Assert.Equal(10, TorchModels().Count);
    }

    [Theory]
    [MemberData(nameof(SklearnModels))]
    public void SklearnModelMatchesScikitLearn(string name) =>
        Check(Path.Combine(OnnxRoot, "sklearn", name, "model.onnx"), Path.Combine(OnnxRoot, "sklearn", name, "test_data.json"));

    [Theory]
    [MemberData(nameof(TorchModels))]
    public void TorchModelMatchesPyTorch(string name, string file) =>
        Check(Path.Combine(OnnxRoot, "torch", name, file), Path.Combine(OnnxRoot, "torch", name, "test_data.json"));

    internal static void Check(string modelPath, string testDataPath)
    {
        var data = ReferenceTestData.Load(testDataPath);
        using var model = ModelLoader.Default.Load(modelPath);
        Assert.Equal("onnx", model.Format);
        var outputs = model.Predict(data.Inputs);
        var probabilities = outputs.TryGetValue("probabilities", out var p) ? ReferenceTestData.AsDoubles(p) : null;
        foreach (var expected in data.Outputs)
        {
            Assert.True(outputs.ContainsKey(expected.Name), $"output '{expected.Name}' missing");
            var actualTensor = outputs[expected.Name];
            Assert.Equal(expected.Shape, actualTensor.ShapeArray());
            var actual = ReferenceTestData.AsDoubles(actualTensor);
            var (tol, relative, exact) = ReferenceTestData.ParseCompare(expected.Compare);
            var columns = expected.Shape.Length > 1 ? expected.Shape[^1] : 1;
            for (var i = 0; i < actual.Length; i++)
            {
                if (exact)
                {
                    if (actual[i] == expected.Values[i]) continue;
                    // A near tie: the chosen class must score within 1e-4 of the best class.
                    Assert.True(data.NearTieRows.Contains(i) && probabilities is not null,
                        $"{expected.Name}[{i}]: expected {expected.Values[i]}, got {actual[i]}");
                    var classes = probabilities!.Length / actual.Length;
                    var row = probabilities.AsSpan(i * classes, classes);
                    Assert.True(row[(int)actual[i]] >= row.ToArray().Max() - 1e-4, $"{expected.Name}[{i}] is not a tied best class");
                    continue;
                }
                var allowed = relative ? tol * Math.Max(1, Math.Abs(expected.Values[i])) : tol;
                Assert.True(Math.Abs(actual[i] - expected.Values[i]) <= allowed,
                    $"{expected.Name}[{i / columns}, {i % columns}]: expected {expected.Values[i]:R}, got {actual[i]:R} (tolerance {allowed:G3})");
            }
        }
    }
}
