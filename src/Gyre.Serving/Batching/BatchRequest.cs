using Gyre.Models.Abstractions;

namespace Gyre.Serving.Batching;

/// <summary>One request's bound model inputs waiting for a merged model call, with its row count and when it was queued.</summary>
internal sealed record BatchRequest(IReadOnlyDictionary<string, Tensor> Inputs, IReadOnlyList<string>? OutputNames, int Rows, long QueuedAt);

/// <summary>A request's share of a merged call: its own outputs, or the error that scoring it raised.</summary>
internal readonly record struct BatchAnswer(IReadOnlyDictionary<string, Tensor>? Outputs, Exception? Error);
