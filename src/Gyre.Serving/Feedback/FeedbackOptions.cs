using Gyre.Core.Errors;

namespace Gyre.Serving.Feedback;

/// <summary>Bounds of the feedback index and of one feedback request.</summary>
public sealed record FeedbackOptions
{
    /// <summary>Most scored requests remembered for feedback (default 100 000); the oldest are forgotten first.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>How long a scored request can receive feedback (default 24 h).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Largest request whose prediction is remembered with its id (default 16 rows); bigger ones are remembered
    /// without it, so the index never holds large outputs.
    /// </summary>
    public int MaxPredictionRows { get; init; } = 16;

    /// <summary>Most items in one <c>{"feedback": [...]}</c> batch (default 10 000).</summary>
    public int MaxBatch { get; init; } = 10_000;

    public void Validate()
    {
        if (MaxEntries < 1) throw GyreException.InvalidParameter($"The feedback index needs room for at least one request, got {MaxEntries}.");
        if (MaxAge <= TimeSpan.Zero) throw GyreException.InvalidParameter($"The feedback index's maximum age must be positive, got {MaxAge}.");
        if (MaxPredictionRows < 0) throw GyreException.InvalidParameter($"MaxPredictionRows must not be negative, got {MaxPredictionRows}.");
        if (MaxBatch < 1) throw GyreException.InvalidParameter($"A feedback batch must allow at least one item, got {MaxBatch}.");
    }
}
