using Gyre.Core.Data;

namespace Gyre.Learn.Training;

/// <summary>What to train: data, target column, model kind and XGBoost-style parameters (name = value).</summary>
public sealed record TrainingRequest
{
    public required DataFrame Train { get; init; }
    public DataFrame? Validation { get; init; }
    public required string Target { get; init; }
    public ModelKind Kind { get; init; } = ModelKind.Gbdt;
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
