using Gyre.Models.Abstractions;

namespace Gyre.Serving.Hosting;

/// <summary>A loaded model version behind an endpoint name.</summary>
public sealed record ServedModel(string Name, string Version, IModel Model)
{
    public ModelSignature Signature => Model.Signature;

    /// <summary>The output holding class labels (int64, one per row), if the model has one, for per-class counts.</summary>
    public string? LabelOutput { get; } = Model.Signature.Outputs.FirstOrDefault(o =>
        o.Type == TensorType.Int64 && o.Shape is { Count: 1 } && o.Name.Contains("label", StringComparison.OrdinalIgnoreCase))?.Name;
}
