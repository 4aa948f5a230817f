using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Tests.Support;

namespace Gyre.Models.Tests.Onnx;

/// <summary>
/// Runs the ONNX backend node tests for every case whose operators are all supported. Cases are
/// excluded only by rule (graph inputs/outputs of an element type Gyre's Tensor does not have, which
/// must then fail at load with a NOT_IMPLEMENTED error naming the value) or by the explicit list
/// below with a reason; everything else must reproduce the expected outputs (rtol 1e-3, atol 1e-7,
/// the backend test defaults).
/// </summary>
public sealed class OnnxNodeTests(ITestOutputHelper output)
{
    /// <summary>Cases with supported types that Gyre deliberately does not pass, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>
    {
        ["test_training_dropout"] = "Dropout with training_mode=true: random masks are a training feature; inference refuses it",
        ["test_training_dropout_default"] = "Dropout with training_mode=true (training only)",
        ["test_training_dropout_default_mask"] = "Dropout with training_mode=true (training only)",
        ["test_training_dropout_mask"] = "Dropout with training_mode=true (training only)",
        ["test_training_dropout_zero_ratio"] = "Dropout with training_mode=true (training only)",
        ["test_training_dropout_zero_ratio_mask"] = "Dropout with training_mode=true (training only)",
        ["test_batchnorm_example_training_mode"] = "BatchNormalization training_mode=1 (running statistics update is training only)",
        ["test_batchnorm_epsilon_training_mode"] = "BatchNormalization training_mode=1 (training only)",
        ["test_maxpool_with_argmax_2d_precomputed_strides"] = "MaxPool storage_order=1 (column-major argmax indices) is not implemented",
    };

    public static TheoryData<string> RunnableCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in OnnxNodeTestData.SupportedOperatorCases)
            if (c.UnsupportedIo() is null && !Excluded.ContainsKey(c.Name)) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void SelectionIsNotEmptyAndExclusionsAreReal()
    {
        var cases = OnnxNodeTestData.SupportedOperatorCases;
        var byType = cases.Where(c => c.UnsupportedIo() is not null).ToList();
        var runnable = cases.Count - byType.Count - Excluded.Count;
        output.WriteLine($"{cases.Count} node test cases use only supported operators; {runnable} run, " +
                         $"{byType.Count} excluded for I/O element types, {Excluded.Count} excluded explicitly.");
        foreach (var c in byType) output.WriteLine($"  type-excluded {c.Name}: {c.UnsupportedIo()}");
        Assert.True(runnable >= 450, $"only {runnable} runnable node tests");
        foreach (var name in Excluded.Keys)
            Assert.Contains(cases, c => c.Name == name);
    }

    [Fact]
    public void ExcludedCasesFailWithAClearErrorInsteadOfWrongNumbers()
    {
        foreach (var (name, reason) in Excluded)
        {
            var c = OnnxNodeTestData.SupportedOperatorCases.Single(x => x.Name == name);
            var ex = Assert.Throws<GyreException>(() =>
            {
                using var model = OnnxModel.Load(Path.Combine(c.Directory, "model.onnx"));
                foreach (var (inputs, _) in OnnxNodeTestData.DataSets(c)) model.Predict(inputs);
            });
            output.WriteLine($"excluded {name} ({reason}): {ex.Message}");
            Assert.Contains(c.Model.Graph.Node[0].OpType, ex.Message);
        }
    }

    [Fact]
    public void CasesWithUnsupportedElementTypesFailAtLoadNamingTheValue()
    {
        foreach (var c in OnnxNodeTestData.SupportedOperatorCases.Where(c => c.UnsupportedIo() is not null))
        {
            var ex = Assert.Throws<GyreException>(() => OnnxModel.Load(Path.Combine(c.Directory, "model.onnx")));
            Assert.True(ex.Code is ErrorCode.NOT_IMPLEMENTED, $"{c.Name}: {ex.Code} {ex.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(RunnableCases))]
    public void NodeTestReproducesExpectedOutputs(string name)
    {
        var c = OnnxNodeTestData.SupportedOperatorCases.Single(x => x.Name == name);
        using var model = OnnxModel.Load(Path.Combine(c.Directory, "model.onnx"));
        var sets = 0;
        foreach (var (inputs, expected) in OnnxNodeTestData.DataSets(c))
        {
            sets++;
            var actual = model.Predict(inputs);
            foreach (var (outName, want) in expected)
            {
                var got = actual[outName];
                Assert.True(want.Type == got.Type, $"{outName}: type {got.Type}, expected {want.Type}");
                Assert.Equal(want.ShapeArray(), got.ShapeArray());
                if (want.Type == TensorType.String) { Assert.Equal(want.As<string?>(), got.As<string?>()); continue; }
                var (w, g) = (ReferenceTestData.AsDoubles(want), ReferenceTestData.AsDoubles(got));
                for (var i = 0; i < w.Length; i++)
                {
                    if (double.IsNaN(w[i])) { Assert.True(double.IsNaN(g[i]), $"{outName}[{i}]: expected NaN, got {g[i]}"); continue; }
                    if (double.IsInfinity(w[i])) { Assert.Equal(w[i], g[i]); continue; }
                    Assert.True(Math.Abs(g[i] - w[i]) <= 1e-7 + 1e-3 * Math.Abs(w[i]), $"{outName}[{i}]: expected {w[i]:R}, got {g[i]:R}");
                }
            }
        }
        Assert.True(sets > 0, "no test data sets");
    }
}
