using System.Buffers;
using System.Text.Json;
using Gyre.Server.Protocol.Messages;

namespace Gyre.Server.Protocol;

/// <summary>
/// The hot log-batch body read straight off <see cref="Utf8JsonReader"/>: the plain shape every client
/// sends (known snake_case fields once each, numbers as numbers, strings as strings). Anything else
/// (strings for numbers, "NaN", nulls, unknown or repeated fields, a syntax error) makes it give up,
/// and the source-generated serializer reads the body as before, with its exact results and errors.
/// </summary>
internal static class LogBatchFastReader
{
    public static bool TryRead(ReadOnlySequence<byte> body, out LogBatchRequest request)
    {
        request = new LogBatchRequest();
        try
        {
            var reader = new Utf8JsonReader(body);
            return ReadRequest(ref reader, request) && !reader.Read();
        }
        catch (JsonException)
        {
            return false; // malformed: the serializer reports it
        }
    }

    private static bool ReadRequest(ref Utf8JsonReader reader, LogBatchRequest request)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            if (reader.ValueTextEquals("run_id"u8) && request.RunId is null)
            {
                if (!ReadString(ref reader, out var value)) return false;
                request.RunId = value;
            }
            else if (reader.ValueTextEquals("run_uuid"u8) && request.RunUuid is null)
            {
                if (!ReadString(ref reader, out var value)) return false;
                request.RunUuid = value;
            }
            else if (reader.ValueTextEquals("metrics"u8) && request.Metrics is null)
            {
                if (!ReadMetrics(ref reader, out var metrics)) return false;
                request.Metrics = metrics;
            }
            else if (reader.ValueTextEquals("params"u8) && request.Params is null)
            {
                if (!ReadKeyValues(ref reader, out var pairs)) return false;
                request.Params = pairs;
            }
            else if (reader.ValueTextEquals("tags"u8) && request.Tags is null)
            {
                if (!ReadKeyValues(ref reader, out var pairs)) return false;
                request.Tags = pairs;
            }
            else
            {
                return false;
            }
        }
        return false;
    }

    private static bool ReadMetrics(ref Utf8JsonReader reader, out List<WireMetric> metrics)
    {
        metrics = [];
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray) return true;
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            var metric = new WireMetric();
            while (true)
            {
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) return false;
                if (reader.ValueTextEquals("key"u8) && metric.Key is null)
                {
                    if (!ReadString(ref reader, out var key)) return false;
                    metric.Key = key;
                }
                else if (reader.ValueTextEquals("value"u8) && metric.Value is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value)) return false;
                    metric.Value = value;
                }
                else if (reader.ValueTextEquals("timestamp"u8) && metric.Timestamp is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var timestamp)) return false;
                    metric.Timestamp = timestamp;
                }
                else if (reader.ValueTextEquals("step"u8) && metric.Step is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var step)) return false;
                    metric.Step = step;
                }
                else
                {
                    return false; // dataset_name, model_id, ...: rare, left to the serializer
                }
            }
            metrics.Add(metric);
        }
        return false;
    }

    private static bool ReadKeyValues(ref Utf8JsonReader reader, out List<WireKeyValue> pairs)
    {
        pairs = [];
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray) return true;
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            var pair = new WireKeyValue();
            while (true)
            {
                if (!reader.Read()) return false;
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) return false;
                if (reader.ValueTextEquals("key"u8) && pair.Key is null)
                {
                    if (!ReadString(ref reader, out var key)) return false;
                    pair.Key = key;
                }
                else if (reader.ValueTextEquals("value"u8) && pair.Value is null)
                {
                    if (!ReadString(ref reader, out var value)) return false;
                    pair.Value = value;
                }
                else
                {
                    return false;
                }
            }
            pairs.Add(pair);
        }
        return false;
    }

    private static bool ReadString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return false;
        value = reader.GetString();
        return true;
    }
}
