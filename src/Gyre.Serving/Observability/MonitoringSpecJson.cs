using System.Text.Json;
using System.Text.Json.Serialization;
using Gyre.Core.Errors;

namespace Gyre.Serving.Observability;

/// <summary>Reads and writes the <c>monitoring</c> object of a deployment spec (snake_case; unknown fields are refused).</summary>
public static class MonitoringSpecJson
{
    public static MonitoringSpec Parse(JsonElement element, string deployment)
    {
        if (element.ValueKind != JsonValueKind.Object) throw GyreException.InvalidParameter($"Deployment '{deployment}': 'monitoring' must be a JSON object.");
        MonitoringSpec? spec;
        try
        {
            spec = element.Deserialize(MonitoringSpecJsonContext.Default.MonitoringSpec);
        }
        catch (JsonException e)
        {
            throw GyreException.InvalidParameter($"Deployment '{deployment}' monitoring: {e.Message}");
        }
        if (spec is null) throw GyreException.InvalidParameter($"Deployment '{deployment}': 'monitoring' must be a JSON object.");
        spec.Validate(deployment);
        return spec;
    }

    public static void Write(Utf8JsonWriter json, MonitoringSpec spec) =>
        JsonSerializer.Serialize(json, spec, MonitoringSpecJsonContext.Default.MonitoringSpec);
}

[JsonSourceGenerationOptions(UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MonitoringSpec))]
internal sealed partial class MonitoringSpecJsonContext : JsonSerializerContext;
