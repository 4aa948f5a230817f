using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Batching;
using Gyre.Serving.Caching;

namespace Gyre.Serving.Deployments;

/// <summary>
/// The JSON forms of a deployment's batching and cache settings:
/// <c>"batching": {"max_batch_size": 32, "max_queue_delay_ms": 2}</c> (also per variant) and
/// <c>"cache": {"max_entries": 10000, "max_bytes": 67108864, "max_entry_bytes": 65536, "ttl_seconds": 300}</c>.
/// Missing fields take the defaults; unknown fields and out-of-range values are refused, naming the field.
/// </summary>
public static partial class DeploymentJson
{
    public static BatchingOptions ParseBatching(JsonElement json, string owner)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw GyreException.InvalidParameter($"{owner}: 'batching' must be an object {{\"max_batch_size\", \"max_queue_delay_ms\"}}.");
        var options = new BatchingOptions();
        foreach (var property in json.EnumerateObject())
        {
            options = property.Name switch
            {
                "max_batch_size" => options with { MaxBatchSize = Whole(property.Value, owner, "batching max_batch_size", 1, BatchingOptions.MaxRowsLimit) },
                "max_queue_delay_ms" => options with
                {
                    MaxQueueDelay = TimeSpan.FromMilliseconds(Number(property.Value, owner, "batching max_queue_delay_ms", 0, BatchingOptions.MaxDelayLimit.TotalMilliseconds)),
                },
                _ => throw GyreException.InvalidParameter($"{owner}: unknown field '{property.Name}' in 'batching'; expected max_batch_size and max_queue_delay_ms."),
            };
        }
        options.Validate(owner);
        return options;
    }

    public static PredictionCacheOptions ParseCache(JsonElement json, string owner)
    {
        if (json.ValueKind != JsonValueKind.Object)
            throw GyreException.InvalidParameter($"{owner}: 'cache' must be an object {{\"max_entries\", \"max_bytes\", \"max_entry_bytes\", \"ttl_seconds\"}}.");
        var options = new PredictionCacheOptions();
        foreach (var property in json.EnumerateObject())
        {
            options = property.Name switch
            {
                "max_entries" => options with { MaxEntries = Whole(property.Value, owner, "cache max_entries", 1, 10_000_000) },
                "max_bytes" => options with { MaxBytes = (long)Number(property.Value, owner, "cache max_bytes", 1, 1L << 40, whole: true) },
                "max_entry_bytes" => options with { MaxEntryBytes = Whole(property.Value, owner, "cache max_entry_bytes", 1, 1 << 30) },
                "ttl_seconds" => options with { TimeToLive = TimeSpan.FromSeconds(Number(property.Value, owner, "cache ttl_seconds", 0.001, 366 * 86400.0)) },
                _ => throw GyreException.InvalidParameter(
                    $"{owner}: unknown field '{property.Name}' in 'cache'; expected max_entries, max_bytes, max_entry_bytes and ttl_seconds."),
            };
        }
        options.Validate(owner);
        return options;
    }

    public static void WriteBatching(Utf8JsonWriter json, BatchingOptions options)
    {
        json.WriteStartObject();
        json.WriteNumber("max_batch_size", options.MaxBatchSize);
        json.WriteNumber("max_queue_delay_ms", options.MaxQueueDelay.TotalMilliseconds);
        json.WriteEndObject();
    }

    public static void WriteCache(Utf8JsonWriter json, PredictionCacheOptions options)
    {
        json.WriteStartObject();
        json.WriteNumber("max_entries", options.MaxEntries);
        json.WriteNumber("max_bytes", options.MaxBytes);
        json.WriteNumber("max_entry_bytes", options.MaxEntryBytes);
        json.WriteNumber("ttl_seconds", options.TimeToLive.TotalSeconds);
        json.WriteEndObject();
    }

    private static int Whole(JsonElement value, string owner, string field, int min, int max) =>
        (int)Number(value, owner, field, min, max, whole: true);

    private static double Number(JsonElement value, string owner, string field, double min, double max, bool whole = false)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw GyreException.InvalidParameter($"{owner}: {field} must be a number, got {value.GetRawText()}.");
        if (whole && Math.Floor(number) != number)
            throw GyreException.InvalidParameter($"{owner}: {field} must be a whole number, got {value.GetRawText()}.");
        if (number < min || number > max)
            throw GyreException.InvalidParameter($"{owner}: {field} must be between {min} and {max}, got {value.GetRawText()}.");
        return number;
    }
}
