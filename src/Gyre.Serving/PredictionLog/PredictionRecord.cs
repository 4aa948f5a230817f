namespace Gyre.Serving.PredictionLog;

/// <summary>
/// One scored row as the prediction log keeps it: which request and model answered, the row's features
/// and the model's outputs (values are double, string, bool or null).
/// </summary>
public sealed record PredictionRecord(
    string RequestId,
    DateTimeOffset Timestamp,
    string Deployment,
    string ModelVersion,
    IReadOnlyDictionary<string, object?> Inputs,
    IReadOnlyDictionary<string, object?> Outputs,
    double LatencyMilliseconds);
