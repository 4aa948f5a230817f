using Gyre.Models.Abstractions;

namespace Gyre.Models.Xgboost;

/// <summary>The "xgboost" format: a <c>Booster.save_model</c> file, JSON (<c>.json</c>) or UBJSON (<c>.ubj</c>).</summary>
public sealed class XgboostModelFormat : IModelFormat
{
    public const string FormatName = "xgboost";

    public string Name => FormatName;

    public bool CanLoad(string path)
    {
        if (!File.Exists(path)) return false;
        if (path.EndsWith(".ubj", StringComparison.OrdinalIgnoreCase)) return true;
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        // Many files are .json; XGBoost's start with the "learner" member (or "version" in some writers).
        using var stream = File.OpenRead(path);
        var head = new byte[256];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = System.Text.Encoding.UTF8.GetString(head, 0, read);
        return text.Contains("\"learner\"", StringComparison.Ordinal);
    }

    public IModel Load(string path) => XgboostModel.Load(path);
}
