using Gyre.Models.Abstractions;

namespace Gyre.Models.MlflowModel;

/// <summary>The "mlflow" format: a directory with an <c>MLmodel</c> file (or the MLmodel file itself).</summary>
public sealed class MlflowModelFormat : IModelFormat
{
    public const string FormatName = "mlflow";

    public string Name => FormatName;

    public bool CanLoad(string path) =>
        (Directory.Exists(path) && File.Exists(Path.Combine(path, MlmodelDocument.FileName)))
        || (File.Exists(path) && Path.GetFileName(path) == MlmodelDocument.FileName);

    public IModel Load(string path) => MlflowModel.Load(path);
}
