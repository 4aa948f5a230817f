namespace Gyre.Models.Abstractions;

/// <summary>
/// A loaded, ready-to-score model. Implementations are thread-safe: many threads may call
/// <see cref="Predict"/> at once. Inputs are never modified; outputs are fresh tensors owned by the caller.
/// </summary>
public interface IModel : IDisposable
{
    /// <summary>The format key the model was loaded from ("onnx", "xgboost", ...).</summary>
    string Format { get; }

    ModelSignature Signature { get; }

    /// <summary>
    /// Scores one batch. <paramref name="inputs"/> maps every signature input name to a tensor whose
    /// first dimension is the batch. Returns every signature output by name, or only
    /// <paramref name="outputNames"/> when given. Bad names, dtypes or shapes throw a
    /// <see cref="Gyre.Core.Errors.GyreException"/> naming the input.
    /// </summary>
    IReadOnlyDictionary<string, Tensor> Predict(
        IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<string>? outputNames = null);
}
