using System.Threading.Channels;
using Gyre.Core.Errors;

namespace Gyre.Serving.Batching;

/// <summary>
/// Groups concurrent requests into batches: a batch is processed as soon as it holds
/// <see cref="MaxBatchSize"/> items, or when its first item has waited <see cref="MaxQueueDelay"/>.
/// Models score a batch of N rows far faster than N single rows, so under load this trades a bounded
/// delay for throughput. Each caller gets its own result, or the batch's exception.
/// </summary>
public sealed class DynamicBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<TResult>>> _process;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public DynamicBatcher(
        Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<TResult>>> process,
        int maxBatchSize,
        TimeSpan maxQueueDelay,
        TimeProvider? time = null,
        int maxQueueLength = 10_000)
    {
        if (maxBatchSize < 1) throw GyreException.InvalidParameter($"max batch size must be at least 1, got {maxBatchSize}.");
        if (maxQueueDelay < TimeSpan.Zero) throw GyreException.InvalidParameter("max queue delay cannot be negative.");
        _process = process;
        MaxBatchSize = maxBatchSize;
        MaxQueueDelay = maxQueueDelay;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(maxQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    public int MaxBatchSize { get; }

    public TimeSpan MaxQueueDelay { get; }

    /// <summary>Batches processed so far, and the items in them (for metrics and tests).</summary>
    public long BatchCount => Interlocked.Read(ref _batchCount);

    public long ItemCount => Interlocked.Read(ref _itemCount);

    private long _batchCount;
    private long _itemCount;

    public async Task<TResult> EnqueueAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(DynamicBatcher<TItem, TResult>), "The batcher is shutting down.");
        }
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.ConfigureAwait(false); // drains what was queued before shutdown
        }
        finally
        {
            _stopping.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            if (!reader.TryRead(out var first)) continue;
            batch.Add(first);
            await FillAsync(batch, reader).ConfigureAwait(false);
            await ProcessAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task FillAsync(List<Pending> batch, ChannelReader<Pending> reader)
    {
        while (batch.Count < MaxBatchSize && reader.TryRead(out var next)) batch.Add(next);
        if (batch.Count >= MaxBatchSize || MaxQueueDelay == TimeSpan.Zero) return;

        using var deadline = new CancellationTokenSource(MaxQueueDelay, _time);
        try
        {
            while (batch.Count < MaxBatchSize && await reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatchSize && reader.TryRead(out var next)) batch.Add(next);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The first item has waited long enough: process what we have.
        }
    }

    private async Task ProcessAsync(List<Pending> batch)
    {
        var items = new TItem[batch.Count];
        for (var i = 0; i < items.Length; i++) items[i] = batch[i].Item;
        Interlocked.Increment(ref _batchCount);
        Interlocked.Add(ref _itemCount, items.Length);
        try
        {
            var results = await _process(items, _stopping.Token).ConfigureAwait(false);
            if (results.Count != items.Length)
                throw new InvalidOperationException($"The batch function returned {results.Count} results for {items.Length} items.");
            for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
        }
        catch (Exception error)
        {
            foreach (var pending in batch) pending.Completion.TrySetException(error);
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Completion);
}
