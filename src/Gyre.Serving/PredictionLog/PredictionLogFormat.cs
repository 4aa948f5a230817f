using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gyre.Serving.PredictionLog;

/// <summary>One JSON object a line: request_id, timestamp (ISO 8601), deployment, model_version, inputs, outputs, latency_ms.</summary>
internal static class PredictionLogFormat
{
    public static void Write(Utf8JsonWriter json, PredictionRecord record)
    {
        json.WriteStartObject();
        json.WriteString("request_id", record.RequestId);
        json.WriteString("timestamp", record.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("deployment", record.Deployment);
        json.WriteString("model_version", record.ModelVersion);
        WriteValues(json, "inputs", record.Inputs);
        WriteValues(json, "outputs", record.Outputs);
        json.WriteNumber("latency_ms", record.LatencyMilliseconds);
        json.WriteEndObject();
    }

    public static PredictionRecord Read(ReadOnlySpan<byte> line)
    {
        using var document = JsonDocument.Parse(line.ToArray());
        var root = document.RootElement;
        return new PredictionRecord(
            root.GetProperty("request_id").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture),
            root.GetProperty("deployment").GetString()!,
            root.GetProperty("model_version").GetString()!,
            ReadValues(root.GetProperty("inputs")),
            ReadValues(root.GetProperty("outputs")),
            root.GetProperty("latency_ms").GetDouble());
    }

    private static void WriteValues(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, object?> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case null: json.WriteNull(key); break;
                case double d when double.IsFinite(d): json.WriteNumber(key, d); break;
                case double d: json.WriteString(key, d.ToString(CultureInfo.InvariantCulture)); break; // NaN/Inf kept as text
                case float f when float.IsFinite(f): json.WriteNumber(key, f); break;
                case long l: json.WriteNumber(key, l); break;
                case int i: json.WriteNumber(key, i); break;
                case bool b: json.WriteBoolean(key, b); break;
                default: json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }
        json.WriteEndObject();
    }

    private static Dictionary<string, object?> ReadValues(JsonElement element)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => property.Value.GetString(),
                _ => null,
            };
        }
        return values;
    }

    public static readonly byte[] NewLine = Encoding.UTF8.GetBytes("\n");
}
