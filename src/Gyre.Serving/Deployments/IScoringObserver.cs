using Gyre.Core.Data;
using Gyre.Models.Abstractions;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Sees every scored request after the response is decided: the prediction log, feedback attribution,
/// drift windows and SLO trackers hang here. Called on the request thread: must not block (queue work).
/// </summary>
public interface IScoringObserver
{
    void OnScored(ScoredRequest scored);
}

/// <summary>One request scored by one variant (mirrored copies are reported too, with Mirrored set).</summary>
public sealed record ScoredRequest(
    string Deployment,
    string Variant,
    string ModelVersion,
    string RequestId,
    bool Mirrored,
    int StatusCode,
    TimeSpan Latency,
    DataFrame? Inputs,
    IReadOnlyDictionary<string, Tensor>? Outputs,
    DateTimeOffset Timestamp);
