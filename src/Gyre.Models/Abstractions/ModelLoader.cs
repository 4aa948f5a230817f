using Gyre.Core.Errors;
using Gyre.Models.Onnx;

namespace Gyre.Models.Abstractions;

/// <summary>
/// The entry point to load a model from disk, keyed by format name or detected from the path.
/// <see cref="Default"/> knows every built-in format; hosts may register more.
/// </summary>
public sealed class ModelLoader
{
    private readonly List<IModelFormat> _formats = [];
    private readonly Lock _gate = new();

    /// <summary>A loader with every format that ships with Gyre.Models.</summary>
    public static ModelLoader Default { get; } = CreateDefault();

    public static ModelLoader CreateDefault()
    {
        var loader = new ModelLoader();
        loader.Register(new OnnxModelFormat());
        loader.Register(new Xgboost.XgboostModelFormat());
        // Last: an MLflow directory names its flavor's own format, which the loader above resolves.
        loader.Register(new MlflowModel.MlflowModelFormat());
        return loader;
    }

    public IReadOnlyList<IModelFormat> Formats
    {
        get { lock (_gate) return _formats.ToArray(); }
    }

    /// <summary>Adds a format; a later registration with the same name replaces the earlier one.</summary>
    public void Register(IModelFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        lock (_gate)
        {
            _formats.RemoveAll(f => string.Equals(f.Name, format.Name, StringComparison.OrdinalIgnoreCase));
            _formats.Add(format);
        }
    }

    /// <summary>Loads <paramref name="path"/> with the named format, or the first format that recognises it.</summary>
    public IModel Load(string path, string? format = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw GyreException.NotFound($"Model path '{path}' does not exist.");
        var formats = Formats;
        if (format is not null)
        {
            var named = formats.FirstOrDefault(f => string.Equals(f.Name, format, StringComparison.OrdinalIgnoreCase))
                ?? throw GyreException.InvalidParameter(
                    $"Unknown model format '{format}'. Known formats: {string.Join(", ", formats.Select(f => f.Name))}.");
            return named.Load(path);
        }
        var detected = formats.FirstOrDefault(f => f.CanLoad(path))
            ?? throw GyreException.InvalidParameter(
                $"Cannot tell the format of model '{path}'. Known formats: {string.Join(", ", formats.Select(f => f.Name))}.");
        return detected.Load(path);
    }
}
