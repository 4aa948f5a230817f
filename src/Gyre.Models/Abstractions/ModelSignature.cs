namespace Gyre.Models.Abstractions;

/// <summary>The named inputs a model needs and the named outputs it produces, in the model's order.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    public TensorSpec? FindInput(string name) => Inputs.FirstOrDefault(s => s.Name == name);
    public TensorSpec? FindOutput(string name) => Outputs.FirstOrDefault(s => s.Name == name);
}
