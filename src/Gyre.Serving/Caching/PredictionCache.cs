using System.Collections.Concurrent;
using System.IO.Hashing;
using Gyre.Core.Errors;

namespace Gyre.Serving.Caching;

/// <summary>
/// Remembers the response bytes of recent requests, keyed by the model version that answered and a
/// 128-bit hash of the request body, so a repeated input is answered without parsing or scoring.
/// Bounded by entry count and total bytes; entries expire after a time to live. Eviction removes the
/// least recently used eighth of the entries at once; the hit path takes no lock.
/// </summary>
public sealed class PredictionCache
{
    private readonly ConcurrentDictionary<CacheKey, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly Lock _evicting = new();
    private long _bytes;
    private long _hits;
    private long _misses;

    public PredictionCache(PredictionCacheOptions options, TimeProvider? time = null)
    {
        options.Validate();
        Options = options;
        _time = time ?? TimeProvider.System;
    }

    public PredictionCacheOptions Options { get; }

    public int Count => _entries.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The key of a request body scored by a given model version (its variant and version).</summary>
    public static CacheKey KeyOf(string modelVersionKey, ReadOnlySpan<byte> requestBody) => KeyOf(SeedOf(modelVersionKey), requestBody);

    /// <summary>The hash seed of a model version key, computed once per loaded model so the request path hashes only the body.</summary>
    public static long SeedOf(string modelVersionKey) =>
        unchecked((long)XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(modelVersionKey)));

    public static CacheKey KeyOf(long seed, ReadOnlySpan<byte> requestBody) => new(XxHash128.HashToUInt128(requestBody, seed));

    /// <summary>The cached response for this key, when present and not expired.</summary>
    public bool TryGet(CacheKey key, out ReadOnlyMemory<byte> response) => TryGet(key, out response, out _);

    /// <summary>The cached response and what was stored with it (e.g. the outputs, for observers), when present and not expired.</summary>
    public bool TryGet(CacheKey key, out ReadOnlyMemory<byte> response, out object? state)
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (_entries.TryGetValue(key, out var entry))
        {
            if (now - entry.StoredAt <= Options.TimeToLive.Ticks)
            {
                entry.LastUsed = now;
                Interlocked.Increment(ref _hits);
                response = entry.Response;
                state = entry.State;
                return true;
            }
            if (_entries.TryRemove(new KeyValuePair<CacheKey, Entry>(key, entry))) Interlocked.Add(ref _bytes, -entry.Response.Length);
        }
        Interlocked.Increment(ref _misses);
        response = default;
        state = null;
        return false;
    }

    /// <summary>Keeps a response; responses larger than <see cref="PredictionCacheOptions.MaxEntryBytes"/> are not kept.</summary>
    public void Store(CacheKey key, ReadOnlySpan<byte> response) => Store(key, response, null, null);

    /// <summary>
    /// Keeps a response with a state object returned by <see cref="TryGet(CacheKey, out ReadOnlyMemory{byte}, out object?)"/>
    /// and a label (the model version) that <see cref="CountByLabel"/> groups by.
    /// </summary>
    public void Store(CacheKey key, ReadOnlySpan<byte> response, object? state, string? label)
    {
        if (response.Length > Options.MaxEntryBytes) return;
        var now = _time.GetUtcNow().UtcTicks;
        var entry = new Entry(response.ToArray(), now, state, label) { LastUsed = now };
        // Not AddOrUpdate: it may run its factories more than once under contention, which would count
        // bytes for entries that never made it in. Count only the write that won.
        while (true)
        {
            if (_entries.TryGetValue(key, out var old))
            {
                if (!_entries.TryUpdate(key, entry, old)) continue;
                Interlocked.Add(ref _bytes, entry.Response.Length - old.Response.Length);
                break;
            }
            if (!_entries.TryAdd(key, entry)) continue;
            Interlocked.Add(ref _bytes, entry.Response.Length);
            break;
        }
        if (_entries.Count > Options.MaxEntries || Interlocked.Read(ref _bytes) > Options.MaxBytes) Evict();
    }

    /// <summary>Entries and their response bytes per label (for the per-version gauges; walks the entries, so call it at scrape time).</summary>
    public IReadOnlyDictionary<string, (int Entries, long Bytes)> CountByLabel()
    {
        var counts = new Dictionary<string, (int Entries, long Bytes)>(StringComparer.Ordinal);
        foreach (var (_, entry) in _entries)
        {
            var label = entry.Label ?? "";
            var (n, bytes) = counts.GetValueOrDefault(label);
            counts[label] = (n + 1, bytes + entry.Response.Length);
        }
        return counts;
    }

    /// <summary>Forgets everything, e.g. when a deployment's models change.</summary>
    public void Clear()
    {
        lock (_evicting)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
    }

    private void Evict()
    {
        // One evictor at a time; a thread that waited re-checks the bounds first, so concurrent stores
        // cannot leave the cache over its bounds once they have all returned.
        lock (_evicting)
        {
            while (_entries.Count > Options.MaxEntries || Interlocked.Read(ref _bytes) > Options.MaxBytes)
            {
                var snapshot = _entries.ToArray();
                if (snapshot.Length == 0) return;
                var target = Math.Max(1, snapshot.Length / 8);
                Array.Sort(snapshot, (a, b) => a.Value.LastUsed.CompareTo(b.Value.LastUsed));
                var removed = 0;
                foreach (var (key, entry) in snapshot)
                {
                    if (removed >= target && Interlocked.Read(ref _bytes) <= Options.MaxBytes && _entries.Count <= Options.MaxEntries) break;
                    if (!_entries.TryRemove(new KeyValuePair<CacheKey, Entry>(key, entry))) continue;
                    Interlocked.Add(ref _bytes, -entry.Response.Length);
                    removed++;
                }
            }
        }
    }

    private sealed class Entry(byte[] response, long storedAt, object? state = null, string? label = null)
    {
        public byte[] Response { get; } = response;

        public object? State { get; } = state;

        public string? Label { get; } = label;

        public long StoredAt { get; } = storedAt;

        public long LastUsed;
    }
}

/// <summary>A cache key: the hash of (model version, request body).</summary>
public readonly record struct CacheKey(UInt128 Hash);

/// <summary>Bounds of a <see cref="PredictionCache"/>.</summary>
public sealed record PredictionCacheOptions
{
    public int MaxEntries { get; init; } = 10_000;

    public long MaxBytes { get; init; } = 64L << 20;

    public int MaxEntryBytes { get; init; } = 64 << 10;

    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    public void Validate(string owner)
    {
        try
        {
            Validate();
        }
        catch (GyreException e)
        {
            throw GyreException.InvalidParameter($"{owner}: {e.Message}");
        }
    }

    public void Validate()
    {
        if (MaxEntries < 1) throw GyreException.InvalidParameter($"cache max entries must be at least 1, got {MaxEntries}.");
        if (MaxBytes < 1) throw GyreException.InvalidParameter($"cache max bytes must be at least 1, got {MaxBytes}.");
        if (MaxEntryBytes < 1) throw GyreException.InvalidParameter($"cache max entry bytes must be at least 1, got {MaxEntryBytes}.");
        if (TimeToLive <= TimeSpan.Zero) throw GyreException.InvalidParameter($"cache time to live must be positive, got {TimeToLive}.");
    }
}
