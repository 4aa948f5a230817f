using Gyre.Serving.Batching;

namespace Gyre.Serving.Tests;

public class DynamicBatcherTests
{
    [Fact]
    public async Task ConcurrentRequestsShareBatchesAndEachGetsItsOwnAnswer()
    {
        var batchSizes = new List<int>();
        await using var batcher = new DynamicBatcher<int, int>((items, _) =>
        {
            lock (batchSizes) batchSizes.Add(items.Count);
            return ValueTask.FromResult<IReadOnlyList<int>>(items.Select(i => i * 10).ToArray());
        }, maxBatchSize: 32, maxQueueDelay: TimeSpan.FromMilliseconds(20));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => batcher.EnqueueAsync(i, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 10), results);
        Assert.Equal(200, batchSizes.Sum());
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 32));
        Assert.True(batchSizes.Count < 200, "requests arriving together should be batched");
    }

    [Fact]
    public async Task ALoneRequestIsNotHeldLongerThanTheDelay()
    {
        await using var batcher = new DynamicBatcher<int, int>(
            (items, _) => ValueTask.FromResult<IReadOnlyList<int>>(items.ToArray()), maxBatchSize: 64, maxQueueDelay: TimeSpan.FromMilliseconds(5));
        var answer = await batcher.EnqueueAsync(7, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(7, answer);
        Assert.Equal(1, batcher.BatchCount);
    }

    [Fact]
    public async Task AFailingBatchFailsEveryCallerInItButNotLaterBatches()
    {
        var calls = 0;
        await using var batcher = new DynamicBatcher<int, int>((items, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("model crashed");
            return ValueTask.FromResult<IReadOnlyList<int>>(items.ToArray());
        }, maxBatchSize: 1, maxQueueDelay: TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.EnqueueAsync(1, TestContext.Current.CancellationToken));
        Assert.Equal("model crashed", error.Message);
        Assert.Equal(2, await batcher.EnqueueAsync(2, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DisposeDrainsQueuedRequests()
    {
        var batcher = new DynamicBatcher<int, int>(async (items, _) =>
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
            return items.ToArray();
        }, maxBatchSize: 4, maxQueueDelay: TimeSpan.FromMilliseconds(1));
        var pending = Enumerable.Range(0, 20).Select(i => batcher.EnqueueAsync(i, TestContext.Current.CancellationToken)).ToArray();
        await batcher.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(pending));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EnqueueAsync(99, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BatchesCountedInRowsNeverExceedTheMaximumAndALargeItemGoesAlone()
    {
        var batches = new System.Collections.Concurrent.ConcurrentQueue<int[]>();
        await using var batcher = new DynamicBatcher<int, int>((items, _) =>
        {
            batches.Enqueue(items.ToArray());
            return ValueTask.FromResult<IReadOnlyList<int>>(items.Select(i => -i).ToArray());
        }, maxBatchSize: 10, maxQueueDelay: TimeSpan.FromMilliseconds(20), sizeOf: rows => rows, maxConcurrentBatches: 2);

        // Items are their own row counts: 1 to 4 rows, and one of 25 rows (more than a batch holds).
        var sizes = Enumerable.Range(0, 60).Select(i => i == 30 ? 25 : 1 + i % 4).ToArray();
        var results = await Task.WhenAll(sizes.Select(size => Task.Run(() => batcher.EnqueueAsync(size, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        Assert.Equal(sizes.Select(s => -s), results);
        Assert.Equal(sizes.Sum(), batches.Sum(b => b.Sum()));
        Assert.Contains(batches, b => b.SequenceEqual([25]));
        Assert.All(batches.Where(b => !b.Contains(25)), b => Assert.InRange(b.Sum(), 1, 10));
        Assert.True(batches.Count < sizes.Length, "items arriving together should share batches");
    }
}
