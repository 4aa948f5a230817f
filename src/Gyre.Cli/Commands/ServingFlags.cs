using System.CommandLine;
using Gyre.Core.Errors;
using Gyre.Serving.Batching;
using Gyre.Serving.Caching;

namespace Gyre.Cli.Commands;

/// <summary>
/// The batching and cache flags shared by <c>gyre serve --model</c> and <c>gyre deployments create/update</c>:
/// <c>--max-batch-size</c> (rows per merged model call; 1 = off, the default), <c>--max-queue-delay-ms</c>,
/// <c>--cache-entries</c> (0 = no cache, the default), <c>--cache-max-bytes</c>, <c>--cache-ttl-seconds</c>.
/// </summary>
internal sealed class ServingFlags
{
    private ServingFlags()
    {
    }

    public Option<int> MaxBatchSize { get; } = new("--max-batch-size")
    {
        Description = "Dynamic batching: most rows merged from concurrent requests into one model call (1 = no batching).",
        DefaultValueFactory = _ => 1,
    };

    public Option<double> MaxQueueDelayMs { get; } = new("--max-queue-delay-ms")
    {
        Description = "Dynamic batching: how long a request may wait for others to share its model call, in ms.",
        DefaultValueFactory = _ => 2,
    };

    public Option<int> CacheEntries { get; } = new("--cache-entries")
    {
        Description = "Prediction cache: most responses kept for repeated inputs (0 = no cache).",
        DefaultValueFactory = _ => 0,
    };

    public Option<long> CacheMaxBytes { get; } = new("--cache-max-bytes")
    {
        Description = "Prediction cache: most bytes of responses kept.",
        DefaultValueFactory = _ => new PredictionCacheOptions().MaxBytes,
    };

    public Option<double> CacheTtlSeconds { get; } = new("--cache-ttl-seconds")
    {
        Description = "Prediction cache: how long a response is reused, in seconds.",
        DefaultValueFactory = _ => new PredictionCacheOptions().TimeToLive.TotalSeconds,
    };

    public static ServingFlags Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(MaxBatchSize);
        command.Options.Add(MaxQueueDelayMs);
        command.Options.Add(CacheEntries);
        command.Options.Add(CacheMaxBytes);
        command.Options.Add(CacheTtlSeconds);
    }

    /// <summary>Whether a batching flag was given on the command line (not just defaulted).</summary>
    public bool BatchingGiven(ParseResult parse) => Given(parse, MaxBatchSize, MaxQueueDelayMs);

    /// <summary>Whether a cache flag was given on the command line (not just defaulted).</summary>
    public bool CacheGiven(ParseResult parse) => Given(parse, CacheEntries, CacheMaxBytes, CacheTtlSeconds);

    private static bool Given(ParseResult parse, params Option[] options) => options.Any(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The settings the flags ask for; null for what is off. Bad values are refused naming the flag.</summary>
    public (BatchingOptions? Batching, PredictionCacheOptions? Cache) Read(ParseResult parse)
    {
        var size = parse.GetValue(MaxBatchSize);
        var delay = parse.GetValue(MaxQueueDelayMs);
        if (size < 1 || size > BatchingOptions.MaxRowsLimit)
            throw GyreException.InvalidParameter($"--max-batch-size must be between 1 and {BatchingOptions.MaxRowsLimit}, got {size}.");
        if (!double.IsFinite(delay) || delay < 0 || delay > BatchingOptions.MaxDelayLimit.TotalMilliseconds)
            throw GyreException.InvalidParameter($"--max-queue-delay-ms must be between 0 and {BatchingOptions.MaxDelayLimit.TotalMilliseconds}, got {delay}.");
        var batching = size > 1 ? new BatchingOptions { MaxBatchSize = size, MaxQueueDelay = TimeSpan.FromMilliseconds(delay) } : null;

        var entries = parse.GetValue(CacheEntries);
        var bytes = parse.GetValue(CacheMaxBytes);
        var ttl = parse.GetValue(CacheTtlSeconds);
        if (entries < 0) throw GyreException.InvalidParameter($"--cache-entries must be 0 (no cache) or more, got {entries}.");
        if (bytes < 1) throw GyreException.InvalidParameter($"--cache-max-bytes must be at least 1, got {bytes}.");
        if (!double.IsFinite(ttl) || ttl <= 0) throw GyreException.InvalidParameter($"--cache-ttl-seconds must be positive, got {ttl}.");
        var cache = entries > 0 ? new PredictionCacheOptions { MaxEntries = entries, MaxBytes = bytes, TimeToLive = TimeSpan.FromSeconds(ttl) } : null;
        return (batching, cache);
    }
}
