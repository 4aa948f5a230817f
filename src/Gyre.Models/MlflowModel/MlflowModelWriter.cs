using System.Globalization;
using Gyre.Core.Errors;

namespace Gyre.Models.MlflowModel;

/// <summary>What to save as an MLflow model directory.</summary>
public sealed record MlflowModelSaveRequest
{
    /// <summary>"onnx" (an ONNX model) or "xgboost" (an XGBoost JSON or UBJSON model file).</summary>
    public required string Flavor { get; init; }

    /// <summary>The model file's content.</summary>
    public required byte[] ModelBytes { get; init; }

    /// <summary>File name of the model inside the directory; default model.onnx / model.json / model.ubj.</summary>
    public string? DataFileName { get; init; }

    public MlflowSchema? SignatureInputs { get; init; }
    public MlflowSchema? SignatureOutputs { get; init; }
    public MlflowInputExample? InputExample { get; init; }

    /// <summary>Free-form metadata written under <c>metadata:</c> in the MLmodel file.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }

    /// <summary>The package versions written into the flavor and the environment files.</summary>
    public string OnnxVersion { get; init; } = "1.12.0";
    public string XgboostVersion { get; init; } = "1.7.4";
    public string MlflowVersion { get; init; } = "3.3.1";
    public string PythonVersion { get; init; } = "3.11.2";
}

/// <summary>
/// Writes MLflow model directories exactly as <c>mlflow.onnx.save_model</c> / <c>mlflow.xgboost.save_model</c>
/// (MLflow 3.3) write them: MLmodel, the model file, input_example.json, serving_input_example.json,
/// conda.yaml, python_env.yaml and requirements.txt. The directory appears complete or not at all.
/// </summary>
public static class MlflowModelWriter
{
    public static MlmodelDocument Save(string directory, MlflowModelSaveRequest request, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var flavor = request.Flavor;
        if (flavor is not ("onnx" or "xgboost"))
            throw GyreException.InvalidParameter($"Cannot save the flavor '{flavor}'; Gyre writes onnx and xgboost models.");
        bool ubjson = flavor == "xgboost" && request.ModelBytes.Length > 1 && request.ModelBytes[0] == (byte)'{' && request.ModelBytes[1] != (byte)'"';
        var dataFile = request.DataFileName ?? (flavor == "onnx" ? "model.onnx" : ubjson ? "model.ubj" : "model.json");
        if (dataFile.Contains('/') || dataFile.Contains('\\') || dataFile is "MLmodel" or "." or "..")
            throw GyreException.InvalidParameter($"'{dataFile}' is not a valid model file name.");
        var full = Path.GetFullPath(directory);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
            throw GyreException.AlreadyExists($"'{directory}' already exists and is not empty; choose a new model directory.");

        var parent = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllBytes(Path.Combine(staging, dataFile), request.ModelBytes);
            Dictionary<string, object?>? exampleInfo = null;
            if (request.InputExample is { } example)
            {
                File.WriteAllText(Path.Combine(staging, "input_example.json"), example.ToJson());
                File.WriteAllText(Path.Combine(staging, "serving_input_example.json"), example.ToServingJson());
                exampleInfo = new Dictionary<string, object?>
                {
                    ["artifact_path"] = "input_example.json",
                    ["serving_input_path"] = "serving_input_example.json",
                    ["type"] = example.IsDataFrame ? "dataframe" : "ndarray",
                };
                if (example.IsDataFrame) exampleInfo["pandas_orient"] = "split";
            }
            // MLflow measures the model before it adds the environment files.
            long size = Directory.EnumerateFiles(staging).Sum(f => new FileInfo(f).Length);

            var requirements = flavor == "onnx"
                ? new[] { $"mlflow=={request.MlflowVersion}", $"onnx=={request.OnnxVersion}", "onnxruntime" }
                : [$"mlflow=={request.MlflowVersion}", $"xgboost=={request.XgboostVersion}"];
            File.WriteAllText(Path.Combine(staging, "requirements.txt"), string.Join("\n", requirements));
            File.WriteAllText(Path.Combine(staging, "conda.yaml"), YamlTree.Write(new Dictionary<string, object?>
            {
                ["channels"] = new List<object?> { "conda-forge" },
                ["dependencies"] = new List<object?>
                {
                    $"python={request.PythonVersion}", "pip<=23.0.1",
                    new Dictionary<string, object?> { ["pip"] = requirements.Cast<object?>().ToList() },
                },
                ["name"] = "mlflow-env",
            }));
            File.WriteAllText(Path.Combine(staging, "python_env.yaml"), YamlTree.Write(new Dictionary<string, object?>
            {
                ["python"] = request.PythonVersion,
                ["build_dependencies"] = new List<object?> { "pip==23.0.1", "setuptools==66.1.1", "wheel==0.38.4" },
                ["dependencies"] = new List<object?> { "-r requirements.txt" },
            }, sortKeys: false));

            var document = new MlmodelDocument(BuildMlmodel(request, flavor, dataFile, ubjson, size, exampleInfo, clock ?? TimeProvider.System));
            File.WriteAllText(Path.Combine(staging, MlmodelDocument.FileName), document.ToYaml());

            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(staging, full);
            return document;
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static Dictionary<string, object?> BuildMlmodel(MlflowModelSaveRequest request, string flavor, string dataFile, bool ubjson,
        long size, Dictionary<string, object?>? exampleInfo, TimeProvider clock)
    {
        var pyfunc = new Dictionary<string, object?>
        {
            ["data"] = dataFile,
            ["env"] = new Dictionary<string, object?> { ["conda"] = "conda.yaml", ["virtualenv"] = "python_env.yaml" },
            ["loader_module"] = flavor == "onnx" ? "mlflow.onnx" : "mlflow.xgboost",
            ["python_version"] = request.PythonVersion,
        };
        var flavorConfig = flavor == "onnx"
            ? new Dictionary<string, object?>
            {
                ["code"] = null,
                ["data"] = dataFile,
                ["onnx_session_options"] = null,
                ["onnx_version"] = request.OnnxVersion,
                ["providers"] = new List<object?> { "CUDAExecutionProvider", "CPUExecutionProvider" },
            }
            : new Dictionary<string, object?>
            {
                ["code"] = null,
                ["data"] = dataFile,
                ["model_class"] = "xgboost.core.Booster",
                ["model_format"] = ubjson ? "ubj" : "json",
                ["xgb_version"] = request.XgboostVersion,
            };
        var root = new Dictionary<string, object?>
        {
            ["flavors"] = new Dictionary<string, object?> { ["python_function"] = pyfunc, [flavor] = flavorConfig },
            ["is_signature_from_type_hint"] = false,
            ["mlflow_version"] = request.MlflowVersion,
            ["model_id"] = null,
            ["model_size_bytes"] = size,
            ["model_uuid"] = Guid.NewGuid().ToString("N"),
            ["prompts"] = null,
            ["type_hint_from_example"] = false,
            ["utc_time_created"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        };
        if (request.Metadata is { Count: > 0 } metadata) root["metadata"] = metadata.ToDictionary(p => p.Key, p => p.Value);
        if (exampleInfo is not null) root["saved_input_example_info"] = exampleInfo;
        if (request.SignatureInputs is not null)
            root["signature"] = new Dictionary<string, object?>
            {
                ["inputs"] = request.SignatureInputs.ToJson(),
                ["outputs"] = request.SignatureOutputs?.ToJson(),
                ["params"] = null,
            };
        return root;
    }
}
