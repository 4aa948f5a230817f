using Gyre.Models.Abstractions;

namespace Gyre.Serving.Batching;

/// <summary>
/// One request's bound model inputs waiting for a merged model call, with its row count, when it was queued, and
/// the table it was bound from (its columns and which hold text), when it came as a table.
/// </summary>
internal sealed record BatchRequest(IReadOnlyDictionary<string, Tensor> Inputs, IReadOnlyList<string>? OutputNames, int Rows, long QueuedAt,
    Protocols.InputFrame? Frame);

/// <summary>A request's share of a merged call: its own outputs, or the error that scoring it raised.</summary>
internal readonly record struct BatchAnswer(IReadOnlyDictionary<string, Tensor>? Outputs, Exception? Error);
