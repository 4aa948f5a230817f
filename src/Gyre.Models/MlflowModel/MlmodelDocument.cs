using Gyre.Core.Errors;

namespace Gyre.Models.MlflowModel;

/// <summary>
/// The <c>MLmodel</c> file of an MLflow model directory: flavors, signature, input example info and
/// metadata. Keys Gyre does not interpret are kept, so a document reads and writes back without loss.
/// </summary>
public sealed class MlmodelDocument
{
    public const string FileName = "MLmodel";

    private readonly Dictionary<string, object?> _root;

    public MlmodelDocument(Dictionary<string, object?> root) => _root = root;

    /// <summary>Every top-level key as parsed (maps, lists, strings, numbers, bools, null).</summary>
    public IReadOnlyDictionary<string, object?> Values => _root;

    public static MlmodelDocument Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GyreException.NotFound($"Cannot read the MLmodel file '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    public static MlmodelDocument Parse(string yaml, string source = FileName)
    {
        var doc = new MlmodelDocument(YamlTree.ParseMapping(yaml, source));
        if (doc.Flavors.Count == 0)
            throw GyreException.InvalidParameter($"'{source}' has no flavors; an MLmodel file names at least one.");
        return doc;
    }

    /// <summary>Flavor name to its configuration (e.g. "onnx" -> data: model.onnx, onnx_version: ...).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Flavors =>
        _root.TryGetValue("flavors", out var f) && f is Dictionary<string, object?> flavors
            ? flavors.Where(p => p.Value is Dictionary<string, object?>)
                .ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, object?>)(Dictionary<string, object?>)p.Value!)
            : new Dictionary<string, IReadOnlyDictionary<string, object?>>();

    public string? MlflowVersion => Text("mlflow_version");
    public string? ModelUuid => Text("model_uuid");
    public string? UtcTimeCreated => Text("utc_time_created");

    public MlflowSchema? SignatureInputs => Schema("inputs");
    public MlflowSchema? SignatureOutputs => Schema("outputs");

    /// <summary>saved_input_example_info: artifact_path, serving_input_path, type, pandas_orient.</summary>
    public IReadOnlyDictionary<string, object?>? InputExampleInfo =>
        _root.TryGetValue("saved_input_example_info", out var v) ? v as Dictionary<string, object?> : null;

    public IReadOnlyDictionary<string, object?>? Metadata =>
        _root.TryGetValue("metadata", out var v) ? v as Dictionary<string, object?> : null;

    /// <summary>The YAML text, as MLflow writes it (keys sorted, block style).</summary>
    public string ToYaml() => YamlTree.Write(_root);

    private string? Text(string key) => _root.TryGetValue(key, out var v) && v is not null ? System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    private MlflowSchema? Schema(string side)
    {
        if (!_root.TryGetValue("signature", out var s) || s is not Dictionary<string, object?> signature) return null;
        if (!signature.TryGetValue(side, out var json) || json is not string text) return null;
        return MlflowSchema.Parse(text, side);
    }
}
