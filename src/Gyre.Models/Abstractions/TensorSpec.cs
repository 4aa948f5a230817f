namespace Gyre.Models.Abstractions;

/// <summary>
/// One named input or output of a model: element type and shape, where -1 marks a dynamic dimension
/// (typically the batch). A null <see cref="Shape"/> means the rank itself is unknown.
/// </summary>
public sealed record TensorSpec(string Name, TensorType Type, IReadOnlyList<int>? Shape)
{
    /// <summary>
    /// Set when the model defines this [N, C] output as one label-to-value map per row (ONNX-ML ZipMap):
    /// row i maps ColumnLabels[j] to value [i, j]. Hosts that speak JSON render it as a list of objects.
    /// </summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>Whether a tensor of <paramref name="shape"/> fits this spec (dynamic dims match any size).</summary>
    public bool Accepts(ReadOnlySpan<int> shape)
    {
        if (Shape is null) return true;
        if (Shape.Count != shape.Length) return false;
        for (var i = 0; i < shape.Length; i++)
            if (Shape[i] >= 0 && Shape[i] != shape[i]) return false;
        return true;
    }

    public string ShapeText => Shape is null ? "[?]" : "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => $"{Name}: {Type.ToName()}{ShapeText}";
}
