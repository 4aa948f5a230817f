using System.Buffers;
using System.Runtime.CompilerServices;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;

namespace Gyre.Server.Protocol;

/// <summary>
/// The hot log-batch body read straight off its UTF-8 bytes: the plain shape every client sends (known
/// snake_case fields once each, numbers as numbers, strings as strings, every metric complete). Anything
/// else (strings for numbers, "NaN", nulls, unknown or repeated fields, escaped field names, a metric
/// without its key, value or timestamp, a syntax error) makes it give up, and the source-generated
/// serializer reads the body as before, with its exact results and errors. Metrics come out as the
/// <see cref="Metric"/>s the store takes (<see cref="LogBatchRequest.CheckedMetrics"/>), in a pooled array
/// with no wire object in between: a 1000-metric body would otherwise allocate a thousand of each.
/// Numbers are parsed from their exact JSON span by the same parser <c>Utf8JsonReader</c> uses, so the
/// values are the serializer's bit for bit.
/// </summary>
internal static class LogBatchFastReader
{
    /// <summary>MLflow's limit per batch, rounded up to the pool's bucket: one rented array holds any valid body.</summary>
    private const int MetricsPerArray = 1024;

    /// <summary>MLflow's limit of params per batch (100), rounded up to the pool's bucket.</summary>
    private const int ParamsPerArray = 128;

    public static bool TryRead(ReadOnlySequence<byte> body, out LogBatchRequest request)
    {
        request = new LogBatchRequest();
        var json = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        var keys = RepeatedKeyStrings.Rent();
        try
        {
            var cursor = new JsonByteCursor(json);
            if (ReadRequest(ref cursor, keys, request) && cursor.AtEnd) return true;
            // Declined: the serializer reads the body instead, so the pooled arrays go back now.
            request.CheckedMetrics?.Dispose();
            request.CheckedParams?.Dispose();
            return false;
        }
        finally
        {
            keys.Release();
        }
    }

    private static bool ReadRequest(ref JsonByteCursor cursor, RepeatedKeyStrings keys, LogBatchRequest request)
    {
        if (!cursor.TryConsume((byte)'{')) return false;
        if (cursor.TryConsume((byte)'}')) return true;
        bool seenRunId = false, seenRunUuid = false, seenMetrics = false, seenParams = false, seenTags = false;
        do
        {
            cursor.Peek();
            if (!seenRunId && cursor.TryConsumeName("\"run_id\""u8))
            {
                seenRunId = true;
                if (!ReadString(ref cursor, null, out var value)) return false;
                request.RunId = value;
            }
            else if (!seenMetrics && cursor.TryConsumeName("\"metrics\""u8))
            {
                seenMetrics = true;
                if (!ReadMetrics(ref cursor, keys, out var metrics)) return false;
                request.CheckedMetrics = metrics;
            }
            else if (!seenParams && cursor.TryConsumeName("\"params\""u8))
            {
                seenParams = true;
                if (!ReadParams(ref cursor, keys, out var @params)) return false;
                request.CheckedParams = @params;
            }
            else if (!seenTags && cursor.TryConsumeName("\"tags\""u8))
            {
                seenTags = true;
                if (!ReadKeyValues(ref cursor, keys, out var pairs)) return false;
                request.Tags = pairs;
            }
            else if (!seenRunUuid && cursor.TryConsumeName("\"run_uuid\""u8))
            {
                seenRunUuid = true;
                if (!ReadString(ref cursor, null, out var value)) return false;
                request.RunUuid = value;
            }
            else
            {
                return false; // unknown or repeated: the serializer decides
            }
        }
        while (cursor.TryConsume((byte)','));
        return cursor.TryConsume((byte)'}');
    }

    // Metrics gather in an array from the shared pool, which the request then reads them from: no list of
    // its own, and nothing young for the collector to copy while the batch waits for the writer.
    private static bool ReadMetrics(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out RentedList<Metric>? metrics)
    {
        metrics = null;
        if (!cursor.TryConsume((byte)'[')) return false;
        var gathered = new RentedListBuilder<Metric>(MetricsPerArray);
        try
        {
            if (!cursor.TryConsume((byte)']'))
            {
                do
                {
                    if (!ReadMetric(ref cursor, keys, out var metric)) return false;
                    gathered.Add(metric);
                }
                while (cursor.TryConsume((byte)','));
                if (!cursor.TryConsume((byte)']')) return false;
            }
            metrics = gathered.Build();
            return true;
        }
        finally
        {
            gathered.Abandon(); // nothing once built
        }
    }

    private static bool ReadMetric(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out Metric metric)
    {
        var start = cursor;
        if (TryReadClientMetric(ref cursor, keys, out metric)) return true;
        cursor = start; // not the usual layout: read it field by field
        if (!cursor.TryConsume((byte)'{') || cursor.TryConsume((byte)'}')) return false;
        bool seenKey = false, seenValue = false, seenTimestamp = false, seenStep = false;
        string key = "";
        double value = 0;
        long timestamp = 0, step = 0;
        do
        {
            if (cursor.Peek() != (byte)'"') return false;
            // The first letter picks the only field it can be; anything else (dataset_name, model_id, a
            // repeat) is left to the serializer.
            switch (cursor.NameInitial)
            {
                case (byte)'k':
                    if (seenKey || !cursor.TryConsumeName("\"key\""u8)) return false;
                    seenKey = true;
                    if (!ReadString(ref cursor, keys, out key)) return false;
                    break;
                case (byte)'v':
                    if (seenValue || !cursor.TryConsumeName("\"value\""u8)) return false;
                    seenValue = true;
                    if (!cursor.TryReadDouble(out value)) return false;
                    break;
                case (byte)'t':
                    if (seenTimestamp || !cursor.TryConsumeName("\"timestamp\""u8)) return false;
                    seenTimestamp = true;
                    if (!cursor.TryReadInt64(out timestamp)) return false;
                    break;
                case (byte)'s':
                    if (seenStep || !cursor.TryConsumeName("\"step\""u8)) return false;
                    seenStep = true;
                    if (!cursor.TryReadInt64(out step)) return false;
                    break;
                default:
                    return false;
            }
        }
        while (cursor.TryConsume((byte)','));
        // An incomplete metric is the message's validation error to report, through the serializer.
        if (!cursor.TryConsume((byte)'}') || key.Length == 0 || !seenValue || !seenTimestamp) return false;
        metric = new Metric(key, value, timestamp, step);
        return true;
    }

    /// <summary>
    /// The layout clients write: key, value, timestamp and (optionally) step in that order, separated as
    /// Python's json.dumps does (<c>": "</c>, <c>", "</c>) or compactly (<c>":"</c>, <c>","</c>). Matching
    /// the separators and names as literals skips the per-field dispatch; false (consumed input
    /// abandoned) for any other layout, which the field-by-field reader then reads or refuses.
    /// </summary>
    private static bool TryReadClientMetric(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out Metric metric)
    {
        metric = default;
        cursor.Peek();
        var spaced = cursor.TryConsumeLiteral("{\"key\": "u8);
        if (!spaced && !cursor.TryConsumeLiteral("{\"key\":"u8)) return false;
        if (!ReadString(ref cursor, keys, out var key) || key.Length == 0) return false;
        if (!cursor.TryConsumeLiteral(spaced ? ", \"value\": "u8 : ",\"value\":"u8) || !cursor.TryReadDouble(out var value)) return false;
        if (!cursor.TryConsumeLiteral(spaced ? ", \"timestamp\": "u8 : ",\"timestamp\":"u8) || !cursor.TryReadInt64(out var timestamp)) return false;
        long step = 0;
        if (cursor.TryConsumeLiteral(spaced ? ", \"step\": "u8 : ",\"step\":"u8) && !cursor.TryReadInt64(out step)) return false;
        if (!cursor.TryConsumeLiteral("}"u8)) return false;
        metric = new Metric(key, value, timestamp, step);
        return true;
    }

    // Params, like metrics, go straight into the store's form in a pooled array; one without a key is the
    // message's validation error to report, through the serializer.
    private static bool ReadParams(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out RentedList<Param>? @params)
    {
        @params = null;
        if (!cursor.TryConsume((byte)'[')) return false;
        var gathered = new RentedListBuilder<Param>(ParamsPerArray);
        try
        {
            if (!cursor.TryConsume((byte)']'))
            {
                do
                {
                    if (!ReadKeyValue(ref cursor, keys, out var key, out var value) || string.IsNullOrEmpty(key)) return false;
                    gathered.Add(new Param(key, value ?? ""));
                }
                while (cursor.TryConsume((byte)','));
                if (!cursor.TryConsume((byte)']')) return false;
            }
            @params = gathered.Build();
            return true;
        }
        finally
        {
            gathered.Abandon(); // nothing once built
        }
    }

    private static bool ReadKeyValues(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out List<WireKeyValue> pairs)
    {
        pairs = [];
        if (!cursor.TryConsume((byte)'[')) return false;
        if (cursor.TryConsume((byte)']')) return true;
        do
        {
            if (!ReadKeyValue(ref cursor, keys, out var key, out var value)) return false;
            pairs.Add(new WireKeyValue { Key = key, Value = value });
        }
        while (cursor.TryConsume((byte)','));
        return cursor.TryConsume((byte)']');
    }

    /// <summary>One <c>{"key": ..., "value": ...}</c> object; either may be absent (null).</summary>
    private static bool ReadKeyValue(ref JsonByteCursor cursor, RepeatedKeyStrings keys, out string? key, out string? value)
    {
        key = null;
        value = null;
        if (!cursor.TryConsume((byte)'{')) return false;
        if (cursor.TryConsume((byte)'}')) return true;
        bool seenKey = false, seenValue = false;
        do
        {
            cursor.Peek();
            if (!seenKey && cursor.TryConsumeName("\"key\""u8))
            {
                seenKey = true;
                if (!ReadString(ref cursor, keys, out var read)) return false;
                key = read;
            }
            else if (!seenValue && cursor.TryConsumeName("\"value\""u8))
            {
                seenValue = true;
                if (!ReadString(ref cursor, null, out var read)) return false;
                value = read;
            }
            else
            {
                return false;
            }
        }
        while (cursor.TryConsume((byte)','));
        return cursor.TryConsume((byte)'}');
    }

    /// <summary>A string value (null, a number, ... fail); plain keys go through the body's key table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadString(ref JsonByteCursor cursor, RepeatedKeyStrings? keys, out string value)
    {
        value = "";
        if (!cursor.TryReadString(out var raw, out var rawStart, out var hasEscapes)) return false;
        if (hasEscapes) return JsonByteCursor.TryDecodeEscaped(raw, out value);
        return keys is null
            ? JsonByteCursor.TryDecodePlain(raw, out value)
            : keys.TryGet(cursor.Json, rawStart, raw.Length, out value);
    }
}
