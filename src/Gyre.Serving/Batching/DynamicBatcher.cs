using System.Threading.Channels;
using Gyre.Core.Errors;

namespace Gyre.Serving.Batching;

/// <summary>
/// Groups concurrent requests into batches: a batch is processed as soon as it holds
/// <see cref="MaxBatchSize"/> units (items, or what the size function counts, e.g. rows), or when its first
/// item has waited <see cref="MaxQueueDelay"/>. Models score a batch of N rows far faster than N single rows,
/// so under load this trades a bounded delay for throughput. Each caller gets its own result, or the batch's
/// exception. With several concurrent batches allowed, a batch that waits for a free slot takes in what
/// arrived meanwhile, so batches grow when the model is the bottleneck. With <c>gatherUntilQuiet</c>, a batch
/// stops waiting as soon as no more items are arriving (the delay is then only an upper bound).
/// </summary>
public sealed class DynamicBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<TResult>>> _process;
    private readonly Func<TItem, int>? _sizeOf;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim? _slots;
    private readonly int _maxConcurrentBatches;
    private readonly bool _gatherUntilQuiet;
    private const int QuietRounds = 2;
    private readonly Task _loop;
    private Pending? _carry;

    public DynamicBatcher(
        Func<IReadOnlyList<TItem>, CancellationToken, ValueTask<IReadOnlyList<TResult>>> process,
        int maxBatchSize,
        TimeSpan maxQueueDelay,
        TimeProvider? time = null,
        int maxQueueLength = 10_000,
        Func<TItem, int>? sizeOf = null,
        int maxConcurrentBatches = 1,
        bool gatherUntilQuiet = false)
    {
        if (maxBatchSize < 1) throw GyreException.InvalidParameter($"max batch size must be at least 1, got {maxBatchSize}.");
        if (maxQueueDelay < TimeSpan.Zero) throw GyreException.InvalidParameter("max queue delay cannot be negative.");
        if (maxConcurrentBatches < 1) throw GyreException.InvalidParameter($"max concurrent batches must be at least 1, got {maxConcurrentBatches}.");
        _process = process;
        _sizeOf = sizeOf;
        MaxBatchSize = maxBatchSize;
        MaxQueueDelay = maxQueueDelay;
        _time = time ?? TimeProvider.System;
        _maxConcurrentBatches = maxConcurrentBatches;
        _gatherUntilQuiet = gatherUntilQuiet;
        _slots = maxConcurrentBatches > 1 ? new SemaphoreSlim(maxConcurrentBatches, maxConcurrentBatches) : null;
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
            _slots?.Dispose();
        }
    }

    private int SizeOf(Pending pending) => _sizeOf is null ? 1 : Math.Max(1, _sizeOf(pending.Item));

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (true)
        {
            Pending? first = _carry;
            _carry = null;
            if (first is null)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false)) break;
                if (!reader.TryRead(out first)) continue;
            }
            var batch = new List<Pending>(Math.Min(MaxBatchSize, 256)) { first };
            var size = await FillAsync(batch, SizeOf(first), reader).ConfigureAwait(false);
            if (_slots is null)
            {
                await ProcessAsync(batch).ConfigureAwait(false);
                continue;
            }
            await _slots.WaitAsync().ConfigureAwait(false);
            // While every slot was busy, more may have queued: they join this batch rather than wait for the next.
            if (_carry is null) TakeAvailable(batch, size, reader);
            _ = Task.Run(async () =>
            {
                try
                {
                    await ProcessAsync(batch).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            });
        }
        if (_slots is not null)
            for (var i = 0; i < _maxConcurrentBatches; i++) await _slots.WaitAsync().ConfigureAwait(false); // batches in flight finish
    }

    /// <summary>Adds queued items while they fit; an item that does not fit is carried to the next batch.</summary>
    private int TakeAvailable(List<Pending> batch, int size, ChannelReader<Pending> reader)
    {
        while (size < MaxBatchSize && _carry is null && reader.TryRead(out var next))
        {
            var nextSize = SizeOf(next);
            if (size + nextSize > MaxBatchSize)
            {
                _carry = next;
                break;
            }
            batch.Add(next);
            size += nextSize;
        }
        return size;
    }

    private async Task<int> FillAsync(List<Pending> batch, int size, ChannelReader<Pending> reader)
    {
        size = TakeAvailable(batch, size, reader);
        if (size >= MaxBatchSize || _carry is not null || MaxQueueDelay == TimeSpan.Zero) return size;
        if (_gatherUntilQuiet) return await GatherUntilQuietAsync(batch, size, reader).ConfigureAwait(false);

        using var deadline = new CancellationTokenSource(MaxQueueDelay, _time);
        try
        {
            while (size < MaxBatchSize && _carry is null && await reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
                size = TakeAvailable(batch, size, reader);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The first item has waited long enough: process what we have.
        }
        return size;
    }

    /// <summary>
    /// Lets the work already queued on the thread pool (requests being read and parsed) run and join, for at most
    /// <see cref="QuietRounds"/> rounds, stopping as soon as a round brings nobody or the first item has waited
    /// the delay. Callers that are all already here thus never wait out the delay for company that cannot come,
    /// and the loop never spins while requests trickle in (the model being busy is what lets them accumulate).
    /// </summary>
    private async Task<int> GatherUntilQuietAsync(List<Pending> batch, int size, ChannelReader<Pending> reader)
    {
        var started = _time.GetTimestamp();
        for (var round = 0; round < QuietRounds && size < MaxBatchSize && _carry is null && _time.GetElapsedTime(started) < MaxQueueDelay; round++)
        {
            await Task.Yield();
            var before = batch.Count;
            size = TakeAvailable(batch, size, reader);
            if (batch.Count == before) break;
        }
        return size;
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
