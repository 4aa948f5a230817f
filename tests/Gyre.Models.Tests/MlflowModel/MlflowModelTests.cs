using Gyre.Core.Errors;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Models.MlflowModel;
using Gyre.Models.Tests.Xgboost;
using Gyre.Models.Xgboost;

namespace Gyre.Models.Tests.MlflowModel;

public sealed class MlflowModelTests
{
    private static string Reference(string name) => SharedData.PathOf("reference", "models", "mlflow", name);

    [Fact]
    public void Xgboost_flavor_directory_scores_like_xgboost()
    {
        using var model = Models.MlflowModel.MlflowModel.Load(Reference("xgboost_binary_logistic"));
        Assert.Equal("xgboost", model.Flavor);
        Assert.IsType<XgboostModel>(model.Runtime);
        var data = XgboostTestData.Load("binary_logistic");
        var outputs = model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(data.Inputs, data.Rows, data.Features) });
        AssertClose(data.Outputs["prediction"].Values, outputs["prediction"].As<float>());
    }

    [Fact]
    public void Column_signature_accepts_one_tensor_per_named_column()
    {
        using var model = Models.MlflowModel.MlflowModel.Load(Reference("xgboost_binary_logistic"));
        var columns = model.SignatureInputs!.Columns!;
        Assert.Equal(15, columns.Count);
        Assert.Equal("tenure_months", columns[0].Name);
        Assert.Equal("double", columns[0].Type);
        Assert.True(columns[0].Required);
        var output = model.SignatureOutputs!.Tensors!.Single();
        Assert.Equal(TensorType.Float32, output.Type);
        Assert.Equal([-1], output.Shape);

        var data = XgboostTestData.Load("binary_logistic");
        // Columns given in reverse order still land in signature order.
        var inputs = new Dictionary<string, Tensor>();
        for (int f = columns.Count - 1; f >= 0; f--)
        {
            var values = new double[data.Rows];
            for (int r = 0; r < data.Rows; r++) values[r] = data.Inputs[r * data.Features + f];
            inputs[columns[f].Name!] = Tensor.FromDouble(values, data.Rows);
        }
        var outputs = model.Predict(inputs, ["prediction"]);
        AssertClose(data.Outputs["prediction"].Values, outputs["prediction"].As<float>());
    }

    [Fact]
    public void Input_example_is_read_and_scores_as_the_first_test_rows()
    {
        using var model = Models.MlflowModel.MlflowModel.Load(Reference("xgboost_binary_logistic"));
        var example = model.InputExample!;
        Assert.True(example.IsDataFrame);
        Assert.Equal(15, example.Columns!.Count);
        var outputs = model.Predict(example.ToTensors());
        var predicted = outputs["prediction"].As<float>();
        Assert.Equal(5, predicted.Length);
        var expected = XgboostTestData.Load("binary_logistic").Outputs["prediction"].Values;
        AssertClose(expected[..5], predicted);
    }

    [Theory]
    [InlineData("onnx_gradient_boosting_classifier_binary", "label", "int64")]
    [InlineData("onnx_mlp_classifier", "logits", "float32")]
    public void Onnx_flavor_mlmodel_is_parsed(string directory, string firstOutput, string firstOutputType)
    {
        var doc = MlmodelDocument.Load(Path.Combine(Reference(directory), "MLmodel"));
        Assert.Equal("model.onnx", doc.Flavors["onnx"]["data"]);
        Assert.Equal("1.12.0", doc.Flavors["onnx"]["onnx_version"]);
        Assert.Equal("mlflow.onnx", doc.Flavors["python_function"]["loader_module"]);
        Assert.Null(doc.Flavors["onnx"]["onnx_session_options"]);
        Assert.Equal("3.3.2.dev0", doc.MlflowVersion);
        var input = doc.SignatureInputs!.Tensors!.Single();
        Assert.Equal(new TensorSpec("input", TensorType.Float32, [-1, 15]).ToString(), input.ToString());
        Assert.Equal(firstOutput, doc.SignatureOutputs!.Tensors![0].Name);
        Assert.Equal(firstOutputType, doc.SignatureOutputs.Tensors[0].Type.ToName());
        Assert.Equal("ndarray", doc.InputExampleInfo!["type"]);
        var example = MlflowInputExample.Load(Path.Combine(Reference(directory), "input_example.json"));
        var tensors = example.ToTensors(doc.SignatureInputs.Tensors);
        Assert.Equal([5, 15], tensors["input"].ShapeArray());
        Assert.Equal(46f, tensors["input"].As<float>()[0]);
    }

    [Fact]
    public void Mlmodel_written_back_reads_the_same()
    {
        foreach (var directory in new[] { "xgboost_binary_logistic", "onnx_mlp_classifier", "onnx_gradient_boosting_classifier_binary" })
        {
            var original = MlmodelDocument.Load(Path.Combine(Reference(directory), "MLmodel"));
            var again = MlmodelDocument.Parse(original.ToYaml());
            Assert.Equal(Flatten(original.Values), Flatten(again.Values));
            Assert.Equal(original.SignatureInputs!.ToJson(), again.SignatureInputs!.ToJson());
        }
    }

    [Fact]
    public void Signature_json_is_written_as_mlflow_writes_it()
    {
        var doc = MlmodelDocument.Load(Path.Combine(Reference("xgboost_binary_logistic"), "MLmodel"));
        var raw = (Dictionary<string, object?>)doc.Values["signature"]!;
        Assert.Equal(raw["inputs"], doc.SignatureInputs!.ToJson());
        Assert.Equal(raw["outputs"], doc.SignatureOutputs!.ToJson());
        var onnx = MlmodelDocument.Load(Path.Combine(Reference("onnx_mlp_classifier"), "MLmodel"));
        var onnxRaw = (Dictionary<string, object?>)onnx.Values["signature"]!;
        Assert.Equal(onnxRaw["outputs"], onnx.SignatureOutputs!.ToJson());
    }

    [Fact]
    public void Saved_xgboost_directory_matches_mlflow_layout_and_reloads()
    {
        var source = Reference("xgboost_binary_logistic");
        var reference = MlmodelDocument.Load(Path.Combine(source, "MLmodel"));
        var target = Path.Combine(Path.GetTempPath(), "gyre-mlflow-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = MlflowModelWriter.Save(target, new MlflowModelSaveRequest
            {
                Flavor = "xgboost",
                ModelBytes = File.ReadAllBytes(Path.Combine(source, "model.json")),
                SignatureInputs = reference.SignatureInputs,
                SignatureOutputs = reference.SignatureOutputs,
                InputExample = MlflowInputExample.Load(Path.Combine(source, "input_example.json")),
                PythonVersion = "3.11.2",
            });
            // Same files and the same MLmodel keys as MLflow's own save_model (metadata aside, which is optional).
            Assert.Equal(
                Directory.GetFiles(source).Select(Path.GetFileName).Order(),
                Directory.GetFiles(target).Select(Path.GetFileName).Order());
            Assert.Equal(reference.Values.Keys.Where(k => k != "metadata").Order(), written.Values.Keys.Order());
            Assert.Equal(Flatten(reference.Values["flavors"]), Flatten(written.Values["flavors"]));
            Assert.Equal(reference.Values["model_size_bytes"], written.Values["model_size_bytes"]);
            Assert.Equal(File.ReadAllText(Path.Combine(source, "input_example.json")),
                File.ReadAllText(Path.Combine(target, "input_example.json")));
            foreach (var env in new[] { "conda.yaml", "python_env.yaml" })
                Assert.Equal(File.ReadAllText(Path.Combine(source, env)), File.ReadAllText(Path.Combine(target, env)));
            Assert.Equal(File.ReadAllText(Path.Combine(source, "requirements.txt")), File.ReadAllText(Path.Combine(target, "requirements.txt")));
            var yaml = File.ReadAllText(Path.Combine(target, "MLmodel"));
            Assert.Matches(@"utc_time_created: '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}'", yaml);

            using var loaded = Models.MlflowModel.MlflowModel.Load(target);
            var data = XgboostTestData.Load("binary_logistic");
            var outputs = loaded.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(data.Inputs, data.Rows, data.Features) });
            AssertClose(data.Outputs["prediction"].Values, outputs["prediction"].As<float>());
        }
        finally
        {
            if (Directory.Exists(target)) Directory.Delete(target, true);
        }
    }

    [Fact]
    public void Saving_into_a_non_empty_directory_is_refused_and_leaves_no_debris()
    {
        var target = Path.Combine(Path.GetTempPath(), "gyre-mlflow-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "x");
        try
        {
            var e = Assert.Throws<GyreException>(() => MlflowModelWriter.Save(target, new MlflowModelSaveRequest { Flavor = "onnx", ModelBytes = [1, 2, 3] }));
            Assert.Equal(ErrorCode.RESOURCE_ALREADY_EXISTS, e.Code);
            Assert.Single(Directory.GetFiles(target));
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.tmp-*"));
        }
        finally
        {
            Directory.Delete(target, true);
        }
    }

    [Fact]
    public void Broken_directories_give_clear_errors()
    {
        var target = Path.Combine(Path.GetTempPath(), "gyre-mlflow-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        try
        {
            var e = Assert.Throws<GyreException>(() => Models.MlflowModel.MlflowModel.Load(target));
            Assert.Contains("MLmodel", e.Message);
            File.WriteAllText(Path.Combine(target, "MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n");
            e = Assert.Throws<GyreException>(() => Models.MlflowModel.MlflowModel.Load(target));
            Assert.Equal(ErrorCode.NOT_IMPLEMENTED, e.Code);
            Assert.Contains("sklearn", e.Message);
            File.WriteAllText(Path.Combine(target, "MLmodel"), "flavors:\n  xgboost:\n    data: model.json\n    model_format: json\n");
            e = Assert.Throws<GyreException>(() => Models.MlflowModel.MlflowModel.Load(target));
            Assert.Contains("model.json", e.Message);
            File.WriteAllText(Path.Combine(target, "MLmodel"), "flavors:\n  xgboost:\n    data: ../../etc/passwd\n");
            e = Assert.Throws<GyreException>(() => Models.MlflowModel.MlflowModel.Load(target));
            Assert.Contains("outside", e.Message);
            File.WriteAllText(Path.Combine(target, "MLmodel"), "flavors: [unclosed\n");
            Assert.Throws<GyreException>(() => Models.MlflowModel.MlflowModel.Load(target));
        }
        finally
        {
            Directory.Delete(target, true);
        }
    }

    [Fact]
    public void Mlflow_format_is_detected_by_the_loader()
    {
        var format = new MlflowModelFormat();
        Assert.True(format.CanLoad(Reference("xgboost_binary_logistic")));
        Assert.False(format.CanLoad(SharedData.PathOf("reference", "models", "xgboost", "binary_logistic")));
        Assert.True(new XgboostModelFormat().CanLoad(Path.Combine(Reference("xgboost_binary_logistic"), "model.json")));
        Assert.False(new XgboostModelFormat().CanLoad(Path.Combine(Reference("xgboost_binary_logistic"), "input_example.json")));
    }

    private static string Flatten(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Flatten(p.Value))) + "}",
        System.Collections.IList list when value is not string => "[" + string.Join(",", list.Cast<object?>().Select(Flatten)) + "]",
        null => "null",
        _ => value.GetType().Name + "=" + Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"value {i}: expected {expected[i]}, got {actual[i]}");
    }
}

public sealed class MlflowOnnxFlavorTests
{
    private static string Reference(params string[] parts) => SharedData.PathOf(["reference", "models", .. parts]);

    [Theory]
    [InlineData("onnx_gradient_boosting_classifier_binary", "onnx/sklearn/gradient_boosting_classifier_binary/test_data.json")]
    [InlineData("onnx_mlp_classifier", "onnx/torch/mlp_classifier/test_data.json")]
    public void Onnx_flavor_directory_loads_and_scores(string directory, string testData)
    {
        using var model = Models.MlflowModel.MlflowModel.Load(Reference("mlflow", directory));
        Assert.Equal("onnx", model.Flavor);
        var data = XgboostTestData.LoadFile(Reference(testData.Split('/')));
        var outputs = model.Predict(new Dictionary<string, Tensor> { ["input"] = Tensor.FromFloat(data.Inputs, data.Rows, data.Features) });
        var expected = data.Outputs["probabilities"].Values;
        var actual = outputs["probabilities"].As<float>();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"value {i}");
        // The saved input example feeds the model as it is.
        var example = model.Predict(model.InputExample!.ToTensors(model.SignatureInputs!.Tensors));
        Assert.Equal(10, example["probabilities"].Length);
    }

    [Fact]
    public void Default_loader_with_gyre_formats_detects_every_kind()
    {
        var loader = ModelLoader.CreateDefault();
        loader.Register(new XgboostModelFormat());
        loader.Register(new MlflowModelFormat());
        using var mlflow = loader.Load(Reference("mlflow", "onnx_mlp_classifier"));
        Assert.Equal("mlflow", mlflow.Format);
        using var xgb = loader.Load(Reference("xgboost", "reg_squarederror", "model.ubj"));
        Assert.Equal("xgboost", xgb.Format);
    }
}
