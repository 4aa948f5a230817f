namespace Gyre.Serving.Feedback;

/// <summary>A served request remembered for feedback: who answered it, with what, and when.</summary>
public sealed class IndexedPrediction(
    string requestId, string deployment, string variant, string modelVersion, double[]? prediction, DateTimeOffset timestamp)
{
    private int _rewarded;
    private int _labelled;

    public string RequestId { get; } = requestId;

    public string Deployment { get; } = deployment;

    /// <summary>The variant whose answer the caller got.</summary>
    public string Variant { get; } = variant;

    public string ModelVersion { get; } = modelVersion;

    /// <summary>
    /// The first output's first value per row (a class label or a score); null for outputs that are not numbers
    /// and for requests with more than <see cref="FeedbackOptions.MaxPredictionRows"/> rows.
    /// </summary>
    public double[]? Prediction { get; } = prediction;

    public DateTimeOffset Timestamp { get; } = timestamp;

    /// <summary>Claims the request's one reward; false when one was recorded already.</summary>
    internal bool ClaimReward() => Interlocked.Exchange(ref _rewarded, 1) == 0;

    internal void ReleaseReward() => Volatile.Write(ref _rewarded, 0);

    /// <summary>Claims the request's one label; false when one was recorded already.</summary>
    internal bool ClaimLabel() => Interlocked.Exchange(ref _labelled, 1) == 0;

    internal void ReleaseLabel() => Volatile.Write(ref _labelled, 0);
}
