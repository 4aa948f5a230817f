using Gyre.Core.Errors;

namespace Gyre.Serving.Batching;

/// <summary>
/// Dynamic batching of one model version: concurrent requests are merged row-wise into one model call of at
/// most <see cref="MaxBatchSize"/> rows, waiting at most <see cref="MaxQueueDelay"/> for company.
/// A max batch size of 1 turns batching off.
/// </summary>
public sealed record BatchingOptions
{
    public const int MaxRowsLimit = 100_000;
    public static readonly TimeSpan MaxDelayLimit = TimeSpan.FromSeconds(1);

    /// <summary>Most rows in one merged model call (requests of this many rows or more are scored alone, unqueued).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>The longest the first request of a batch may wait for others (a batch goes sooner when nobody more is arriving).</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Whether this turns batching on (a batch of one row is no batching).</summary>
    public bool Enabled => MaxBatchSize > 1;

    public void Validate(string owner)
    {
        if (MaxBatchSize is < 1 or > MaxRowsLimit)
            throw GyreException.InvalidParameter($"{owner}: batching max_batch_size must be between 1 and {MaxRowsLimit}, got {MaxBatchSize}.");
        if (MaxQueueDelay < TimeSpan.Zero || MaxQueueDelay > MaxDelayLimit)
            throw GyreException.InvalidParameter(
                $"{owner}: batching max_queue_delay_ms must be between 0 and {MaxDelayLimit.TotalMilliseconds}, got {MaxQueueDelay.TotalMilliseconds}.");
    }
}
