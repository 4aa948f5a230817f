using Gyre.Models.Abstractions;

namespace Gyre.Serving.Protocols;

/// <summary>
/// A parsed scoring request: either a table of named columns (dataframe_split, dataframe_records,
/// instances as objects) or tensors (instances as arrays, inputs), as MLflow's scoring protocol allows.
/// </summary>
public sealed record ScoringRequest(InputFrame? Frame, IReadOnlyDictionary<string, Tensor>? Tensors, IReadOnlyList<Tensor>? UnnamedTensors)
{
    public int RowCount => Frame?.RowCount
        ?? (Tensors is { Count: > 0 } ? Tensors.Values.First().Dim(0) : UnnamedTensors is { Count: > 0 } ? UnnamedTensors[0].Dim(0) : 0);
}
