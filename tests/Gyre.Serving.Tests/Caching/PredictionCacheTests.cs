using System.Text;
using Gyre.Core.Errors;
using Gyre.Serving.Caching;

namespace Gyre.Serving.Tests.Caching;

public sealed class PredictionCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void A_repeated_body_for_the_same_version_is_answered_from_the_cache()
    {
        var cache = new PredictionCache(new PredictionCacheOptions());
        var key = PredictionCache.KeyOf("churn/3", Body("""{"inputs":[[1,2,3]]}"""));
        Assert.False(cache.TryGet(key, out _));
        cache.Store(key, Body("""{"predictions":[1]}"""));

        Assert.True(cache.TryGet(PredictionCache.KeyOf("churn/3", Body("""{"inputs":[[1,2,3]]}""")), out var response));
        Assert.Equal("""{"predictions":[1]}""", Encoding.UTF8.GetString(response.Span));
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Another_version_or_another_body_misses()
    {
        var cache = new PredictionCache(new PredictionCacheOptions());
        cache.Store(PredictionCache.KeyOf("churn/3", Body("a")), Body("x"));
        Assert.False(cache.TryGet(PredictionCache.KeyOf("churn/4", Body("a")), out _));
        Assert.False(cache.TryGet(PredictionCache.KeyOf("churn/3", Body("b")), out _));
    }

    [Fact]
    public void Entries_expire_after_their_time_to_live()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = new PredictionCache(new PredictionCacheOptions { TimeToLive = TimeSpan.FromSeconds(10) }, clock);
        var key = PredictionCache.KeyOf("m/1", Body("a"));
        cache.Store(key, Body("x"));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(cache.TryGet(key, out _));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(cache.TryGet(key, out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void The_cache_stays_within_its_entry_bound_and_keeps_recently_used_entries()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = new PredictionCache(new PredictionCacheOptions { MaxEntries = 100 }, clock);
        var hot = PredictionCache.KeyOf("m/1", Body("hot"));
        cache.Store(hot, Body("h"));
        for (var i = 0; i < 1_000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(cache.TryGet(hot, out _), $"the hot entry was evicted after {i} inserts");
            cache.Store(PredictionCache.KeyOf("m/1", Body($"row {i}")), Body("r"));
            Assert.InRange(cache.Count, 1, 100);
        }
    }

    [Fact]
    public void The_cache_stays_within_its_byte_bound_and_skips_oversized_responses()
    {
        var cache = new PredictionCache(new PredictionCacheOptions { MaxBytes = 10_000, MaxEntryBytes = 2_000 });
        cache.Store(PredictionCache.KeyOf("m/1", Body("big")), new byte[2_001]);
        Assert.Equal(0, cache.Count);
        for (var i = 0; i < 100; i++)
        {
            cache.Store(PredictionCache.KeyOf("m/1", Body($"row {i}")), new byte[1_000]);
            Assert.True(cache.Bytes <= 10_000, $"{cache.Bytes} bytes cached after {i + 1} stores");
        }
        Assert.Equal(cache.Count * 1_000L, cache.Bytes);
    }

    [Fact]
    public void Replacing_an_entry_counts_its_bytes_once()
    {
        var cache = new PredictionCache(new PredictionCacheOptions());
        var key = PredictionCache.KeyOf("m/1", Body("a"));
        cache.Store(key, new byte[100]);
        cache.Store(key, new byte[300]);
        Assert.Equal(300, cache.Bytes);
        cache.Clear();
        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet(key, out _));
    }

    [Fact]
    public void Concurrent_use_keeps_the_byte_count_exact()
    {
        var cache = new PredictionCache(new PredictionCacheOptions { MaxEntries = 500 });
        Parallel.For(0, 20_000, i =>
        {
            var key = PredictionCache.KeyOf("m/1", Body($"row {i % 2_000}"));
            if (!cache.TryGet(key, out _)) cache.Store(key, new byte[10 + i % 7]);
        });
        Assert.InRange(cache.Count, 1, 500);
        // Every response is 10 to 16 bytes, so an exact tally lies between those multiples of the count.
        Assert.InRange(cache.Bytes, cache.Count * 10L, cache.Count * 16L);
        cache.Clear();
        Assert.Equal(0, cache.Bytes);
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(1, 0, 1, 1)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(1, 1, 1, 0)]
    public void Bad_bounds_are_refused(int entries, long bytes, int entryBytes, int ttlSeconds)
    {
        var error = Assert.Throws<GyreException>(() => new PredictionCache(new PredictionCacheOptions
        {
            MaxEntries = entries, MaxBytes = bytes, MaxEntryBytes = entryBytes, TimeToLive = TimeSpan.FromSeconds(ttlSeconds),
        }));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
    }
}
