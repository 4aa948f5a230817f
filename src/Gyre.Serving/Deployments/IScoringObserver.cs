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
    DateTimeOffset Timestamp)
{
    private DataFrame? _inputs = Inputs;
    private Func<DataFrame?>? _makeInputs;

    /// <summary>
    /// A request whose inputs are turned into a frame only if an observer reads them: most requests of most
    /// deployments are watched by nobody who needs the rows, and building the frame would cost every one.
    /// </summary>
    public static ScoredRequest WithLazyInputs(string deployment, string variant, string modelVersion, string requestId, bool mirrored,
        int statusCode, TimeSpan latency, Func<DataFrame?> inputs, IReadOnlyDictionary<string, Tensor>? outputs, DateTimeOffset timestamp) =>
        new(deployment, variant, modelVersion, requestId, mirrored, statusCode, latency, null, outputs, timestamp) { _makeInputs = inputs };

    /// <summary>The request's rows as a frame (built on first read when made lazily), or null when there are none.</summary>
    public DataFrame? Inputs
    {
        get
        {
            if (_inputs is null && Volatile.Read(ref _makeInputs) is { } make)
            {
                Interlocked.CompareExchange(ref _inputs, make(), null);
                _makeInputs = null;
            }
            return _inputs;
        }
        init => _inputs = value;
    }
}
