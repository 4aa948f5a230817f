using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Models.Onnx;
using Gyre.Models.Xgboost;

namespace Gyre.Models.MlflowModel;

/// <summary>
/// An MLflow model directory loaded through the runtime of its flavor (<c>onnx</c> or <c>xgboost</c>, or
/// the flavor named by <c>python_function.loader_module</c>). With a column-based signature the model
/// also accepts one [N] tensor per signature column, assembled in signature order into the runtime's
/// feature matrix.
/// </summary>
public sealed class MlflowModel : IModel
{
    private readonly IModel _inner;

    private MlflowModel(string directory, MlmodelDocument document, string flavor, IModel inner, MlflowInputExample? example)
    {
        Directory = directory;
        Document = document;
        Flavor = flavor;
        _inner = inner;
        InputExample = example;
        SignatureInputs = document.SignatureInputs;
        SignatureOutputs = document.SignatureOutputs;
        var columns = ColumnInputs;
        Signature = columns is null
            ? inner.Signature
            : new ModelSignature(
                columns.Select(c => new TensorSpec(c.Name!, TensorTypeExtensions.TryParse(c.Type, out var t) ? t : TensorType.Float64, [-1])).ToArray(),
                inner.Signature.Outputs);
    }

    public string Format => MlflowModelFormat.FormatName;

    public ModelSignature Signature { get; }

    public string Directory { get; }

    public MlmodelDocument Document { get; }

    /// <summary>The flavor the model was loaded through ("onnx" or "xgboost").</summary>
    public string Flavor { get; }

    /// <summary>The runtime model (an <see cref="OnnxModel"/> or <see cref="XgboostModel"/>).</summary>
    public IModel Runtime => _inner;

    public MlflowSchema? SignatureInputs { get; }

    public MlflowSchema? SignatureOutputs { get; }

    public MlflowInputExample? InputExample { get; }

    /// <summary>The named columns of a column-based input signature that feed a one-matrix runtime; otherwise null.</summary>
    public IReadOnlyList<MlflowColumnSpec>? ColumnInputs =>
        SignatureInputs?.Columns is { Count: > 0 } columns && columns.All(c => c.Name is not null) && _inner.Signature.Inputs.Count == 1
            ? columns
            : null;

    /// <summary>Loads a directory holding an <c>MLmodel</c> file (or the path of the MLmodel file itself).</summary>
    public static MlflowModel Load(string path)
    {
        var directory = File.Exists(path) && Path.GetFileName(path) == MlmodelDocument.FileName ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        var mlmodelPath = Path.Combine(directory, MlmodelDocument.FileName);
        if (!File.Exists(mlmodelPath))
            throw GyreException.NotFound($"'{directory}' is not an MLflow model directory: it has no MLmodel file.");
        var document = MlmodelDocument.Load(mlmodelPath);
        var (flavor, dataPath) = ChooseFlavor(document, directory);
        IModel inner = flavor switch
        {
            "onnx" => OnnxModel.Load(dataPath),
            _ => XgboostModel.Load(dataPath),
        };
        MlflowInputExample? example = null;
        if (document.InputExampleInfo?.GetValueOrDefault("artifact_path") is string examplePath)
        {
            var full = Path.Combine(directory, examplePath);
            if (File.Exists(full)) example = MlflowInputExample.Load(full);
        }
        return new MlflowModel(directory, document, flavor, inner, example);
    }

    private static (string Flavor, string DataPath) ChooseFlavor(MlmodelDocument document, string directory)
    {
        var flavors = document.Flavors;
        string? flavor = flavors.ContainsKey("onnx") ? "onnx" : flavors.ContainsKey("xgboost") ? "xgboost" : null;
        IReadOnlyDictionary<string, object?>? config = flavor is null ? null : flavors[flavor];
        if (flavor is null && flavors.TryGetValue("python_function", out var pyfunc))
        {
            flavor = pyfunc.GetValueOrDefault("loader_module") switch
            {
                "mlflow.onnx" => "onnx",
                "mlflow.xgboost" => "xgboost",
                _ => null,
            };
            config = pyfunc;
        }
        if (flavor is null || config is null)
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"The MLflow model in '{directory}' has the flavors {string.Join(", ", flavors.Keys)}; Gyre loads the onnx and xgboost flavors.");
        if (flavor == "xgboost" && config.GetValueOrDefault("model_format") is string format && format is not ("json" or "ubj"))
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"The XGBoost model in '{directory}' is saved as '{format}'; Gyre reads the json and ubj formats.");
        if (config.GetValueOrDefault("data") is not string data || data.Length == 0)
            throw GyreException.InvalidParameter($"The '{flavor}' flavor in '{directory}/MLmodel' names no data file.");
        var full = Path.GetFullPath(Path.Combine(directory, data));
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
            throw GyreException.InvalidParameter($"The '{flavor}' flavor's data path '{data}' points outside the model directory.");
        if (!File.Exists(full))
            throw GyreException.NotFound($"The model file '{data}' named by the '{flavor}' flavor is missing from '{directory}'.");
        return (flavor, full);
    }

    public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var columns = ColumnInputs;
        if (columns is null || !columns.Any(c => inputs.ContainsKey(c.Name!)))
            return _inner.Predict(inputs, outputNames);
        return _inner.Predict(new Dictionary<string, Tensor> { [_inner.Signature.Inputs[0].Name] = AssembleColumns(columns, inputs) }, outputNames);
    }

    private Tensor AssembleColumns(IReadOnlyList<MlflowColumnSpec> columns, IReadOnlyDictionary<string, Tensor> inputs)
    {
        foreach (var name in inputs.Keys)
            if (columns.All(c => c.Name != name))
                throw GyreException.InvalidParameter($"Unknown input column '{name}'. The model's columns are: {string.Join(", ", columns.Select(c => c.Name))}.");
        int rows = -1;
        foreach (var c in columns)
        {
            if (!inputs.TryGetValue(c.Name!, out var t))
            {
                if (c.Required) throw GyreException.InvalidParameter($"Missing input column '{c.Name}' ({c.Type}).");
                continue;
            }
            if (t.Rank != 1 && !(t.Rank == 2 && t.Dim(1) == 1))
                throw GyreException.InvalidParameter($"Input column '{c.Name}' must be one value per row, got shape [{string.Join(", ", t.ShapeArray())}].");
            if (rows >= 0 && t.Dim(0) != rows)
                throw GyreException.InvalidParameter($"Input column '{c.Name}' has {t.Dim(0)} rows, other columns {rows}.");
            rows = t.Dim(0);
        }
        int width = columns.Count;
        var matrix = new float[rows * width];
        for (int f = 0; f < width; f++)
        {
            if (!inputs.TryGetValue(columns[f].Name!, out var t))
            {
                for (int r = 0; r < rows; r++) matrix[r * width + f] = float.NaN;
                continue;
            }
            switch (t.Type)
            {
                case TensorType.Float32: { var v = t.As<float>(); for (int r = 0; r < rows; r++) matrix[r * width + f] = v[r]; break; }
                case TensorType.Float64: { var v = t.As<double>(); for (int r = 0; r < rows; r++) matrix[r * width + f] = (float)v[r]; break; }
                case TensorType.Int64: { var v = t.As<long>(); for (int r = 0; r < rows; r++) matrix[r * width + f] = v[r]; break; }
                case TensorType.Int32: { var v = t.As<int>(); for (int r = 0; r < rows; r++) matrix[r * width + f] = v[r]; break; }
                case TensorType.Bool: { var v = t.As<bool>(); for (int r = 0; r < rows; r++) matrix[r * width + f] = v[r] ? 1 : 0; break; }
                default: throw GyreException.InvalidParameter($"Input column '{columns[f].Name}' must be numeric, got {t.Type.ToName()}.");
            }
        }
        var target = _inner.Signature.Inputs[0];
        if (target.Type == TensorType.Float64)
            return Tensor.FromDouble(Array.ConvertAll(matrix, v => (double)v), rows, width);
        return Tensor.FromFloat(matrix, rows, width);
    }

    public void Dispose() => _inner.Dispose();
}
