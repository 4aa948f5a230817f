namespace Gyre.Models.Abstractions;

/// <summary>One model file format a runtime understands (ONNX, XGBoost JSON/UBJSON, MLflow directory, ...).</summary>
public interface IModelFormat
{
    /// <summary>The key, lower case: "onnx", "xgboost", "mlflow".</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="path"/> (a file or directory) looks like this format, by name or content sniffing.</summary>
    bool CanLoad(string path);

    /// <summary>Loads and validates the model; a corrupt file throws a GyreException naming the problem.</summary>
    IModel Load(string path);
}
