using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gyre.Core.Errors;

namespace Gyre.Serving.Deployments;

/// <summary>
/// The JSON forms of specs and events, shared by the API, the tracking store and the CLI:
/// <c>{"name": "churn", "variants": [{"name": "blue", "model_uri": "models:/churn/3"}], "policy": {"kind": "single", "settings": {}}}</c>
/// and <c>{"timestamp": "...", "deployment": "churn", "kind": "advanced", "reason": "...", "evidence": {...}, "shares_after": {...}}</c>.
/// </summary>
public static partial class DeploymentJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex NamePattern();

    /// <summary>Checks a deployment or variant name: letters, digits, '_', '.', '-', starting with a letter or digit.</summary>
    public static string CheckName(string? name, string what)
    {
        if (name is null || !NamePattern().IsMatch(name))
            throw GyreException.InvalidParameter(
                $"{what} '{name}' is not a valid name: use 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        return name;
    }

    /// <summary>Reads a spec; <paramref name="nameFromPath"/> fills or must match the body's name.</summary>
    public static DeploymentSpec ParseSpec(string json, string? nameFromPath = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GyreException(ErrorCode.MALFORMED_REQUEST, $"The deployment spec is not valid JSON: {e.Message}");
        }
        using (document) return ParseSpec(document.RootElement, nameFromPath);
    }

    public static DeploymentSpec ParseSpec(JsonElement root, string? nameFromPath = null)
    {
        if (root.ValueKind != JsonValueKind.Object) throw GyreException.InvalidParameter("The deployment spec must be a JSON object.");
        foreach (var property in root.EnumerateObject())
            if (property.Name is not ("name" or "variants" or "policy" or "monitoring" or "batching" or "cache"))
                throw GyreException.InvalidParameter(
                    $"Unknown field '{property.Name}' in the deployment spec; expected name, variants, policy, monitoring, batching and cache.");
        var name = root.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null
            ? n.ValueKind == JsonValueKind.String ? n.GetString() : throw GyreException.InvalidParameter("Field 'name' must be a string.")
            : nameFromPath;
        if (name is null) throw GyreException.InvalidParameter("The deployment spec needs a 'name'.");
        if (nameFromPath is not null && name != nameFromPath)
            throw GyreException.InvalidParameter($"The spec names deployment '{name}' but the request is for '{nameFromPath}'.");
        CheckName(name, "Deployment name");

        if (!root.TryGetProperty("variants", out var variantsJson) || variantsJson.ValueKind != JsonValueKind.Array || variantsJson.GetArrayLength() == 0)
            throw GyreException.InvalidParameter("The deployment spec needs 'variants': a non-empty list of {\"name\", \"model_uri\"}.");
        var variants = new List<VariantSpec>();
        foreach (var v in variantsJson.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Object) throw GyreException.InvalidParameter("Each variant must be an object {\"name\", \"model_uri\"}.");
            foreach (var property in v.EnumerateObject())
                if (property.Name is not ("name" or "model_uri" or "batching"))
                    throw GyreException.InvalidParameter($"Unknown field '{property.Name}' in a variant; expected name, model_uri and batching.");
            var variantName = CheckName(StringField(v, "name", "variant"), "Variant name");
            var uri = StringField(v, "model_uri", $"variant '{variantName}'");
            if (string.IsNullOrWhiteSpace(uri)) throw GyreException.InvalidParameter($"Variant '{variantName}' needs a non-empty 'model_uri'.");
            if (variants.Any(x => x.Name == variantName)) throw GyreException.InvalidParameter($"Variant name '{variantName}' appears twice.");
            var variantBatching = v.TryGetProperty("batching", out var vb) && vb.ValueKind != JsonValueKind.Null
                ? ParseBatching(vb, $"Variant '{variantName}'")
                : null;
            variants.Add(new VariantSpec(variantName, uri, variantBatching));
        }

        PolicySpec policy;
        if (!root.TryGetProperty("policy", out var policyJson) || policyJson.ValueKind == JsonValueKind.Null)
        {
            if (variants.Count > 1) throw GyreException.InvalidParameter("A deployment with several variants needs a 'policy' (e.g. {\"kind\": \"split\"}).");
            policy = new PolicySpec("single", EmptyObject());
        }
        else if (policyJson.ValueKind == JsonValueKind.String)
        {
            policy = new PolicySpec(policyJson.GetString()!, EmptyObject());
        }
        else if (policyJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in policyJson.EnumerateObject())
                if (property.Name is not ("kind" or "settings"))
                    throw GyreException.InvalidParameter($"Unknown field '{property.Name}' in the policy; expected kind and settings.");
            var kind = StringField(policyJson, "kind", "policy");
            var settings = policyJson.TryGetProperty("settings", out var s) && s.ValueKind != JsonValueKind.Null ? s.Clone() : EmptyObject();
            if (settings.ValueKind != JsonValueKind.Object) throw GyreException.InvalidParameter("Policy 'settings' must be a JSON object.");
            policy = new PolicySpec(kind, settings);
        }
        else
        {
            throw GyreException.InvalidParameter("Field 'policy' must be an object {\"kind\", \"settings\"} or a policy kind.");
        }
        var monitoring = root.TryGetProperty("monitoring", out var monitoringJson) && monitoringJson.ValueKind != JsonValueKind.Null
            ? Observability.MonitoringSpecJson.Parse(monitoringJson, name)
            : null;
        var batching = root.TryGetProperty("batching", out var batchingJson) && batchingJson.ValueKind != JsonValueKind.Null
            ? ParseBatching(batchingJson, $"Deployment '{name}'")
            : null;
        var cache = root.TryGetProperty("cache", out var cacheJson) && cacheJson.ValueKind != JsonValueKind.Null
            ? ParseCache(cacheJson, $"Deployment '{name}'")
            : null;
        return new DeploymentSpec(name, variants, policy, monitoring, batching, cache);
    }

    private static string StringField(JsonElement obj, string field, string owner) =>
        obj.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw GyreException.InvalidParameter($"The {owner} needs a string field '{field}'.");

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    public static string Serialize(DeploymentSpec spec) => Write(json => WriteSpec(json, spec));

    public static void WriteSpec(Utf8JsonWriter json, DeploymentSpec spec)
    {
        json.WriteStartObject();
        json.WriteString("name", spec.Name);
        json.WriteStartArray("variants");
        foreach (var v in spec.Variants)
        {
            json.WriteStartObject();
            json.WriteString("name", v.Name);
            json.WriteString("model_uri", v.ModelUri);
            if (v.Batching is { } variantBatching)
            {
                json.WritePropertyName("batching");
                WriteBatching(json, variantBatching);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName("policy");
        WritePolicy(json, spec.Policy);
        if (spec.Monitoring is { } monitoring)
        {
            json.WritePropertyName("monitoring");
            Observability.MonitoringSpecJson.Write(json, monitoring);
        }
        if (spec.Batching is { } batching)
        {
            json.WritePropertyName("batching");
            WriteBatching(json, batching);
        }
        if (spec.Cache is { } cache)
        {
            json.WritePropertyName("cache");
            WriteCache(json, cache);
        }
        json.WriteEndObject();
    }

    public static void WritePolicy(Utf8JsonWriter json, PolicySpec policy)
    {
        json.WriteStartObject();
        json.WriteString("kind", policy.Kind);
        json.WritePropertyName("settings");
        if (policy.Settings.ValueKind == JsonValueKind.Object) policy.Settings.WriteTo(json);
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Whether two specs describe the same policy over the same variant names (so a running policy can stay).</summary>
    public static bool SamePolicy(DeploymentSpec a, DeploymentSpec b) =>
        a.Policy.Kind == b.Policy.Kind
        && a.Variants.Select(v => v.Name).SequenceEqual(b.Variants.Select(v => v.Name))
        && Write(json => WritePolicy(json, a.Policy)) == Write(json => WritePolicy(json, b.Policy));

    public static string Serialize(DeploymentEvent e) => Write(json => WriteEvent(json, e));

    public static void WriteEvent(Utf8JsonWriter json, DeploymentEvent e)
    {
        json.WriteStartObject();
        json.WriteString("timestamp", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("deployment", e.Deployment);
        json.WriteString("kind", e.Kind);
        json.WriteString("reason", e.Reason);
        WriteNumbers(json, "evidence", e.Evidence);
        WriteNumbers(json, "shares_after", e.SharesAfter);
        json.WriteEndObject();
    }

    public static DeploymentEvent ParseEvent(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return new DeploymentEvent(
            DateTimeOffset.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            root.GetProperty("deployment").GetString()!,
            root.GetProperty("kind").GetString()!,
            root.GetProperty("reason").GetString()!,
            ReadNumbers(root.GetProperty("evidence")),
            ReadNumbers(root.GetProperty("shares_after")));
    }

    public static void WriteNumbers(Utf8JsonWriter json, string property, IReadOnlyDictionary<string, double> numbers)
    {
        json.WriteStartObject(property);
        foreach (var (key, value) in numbers)
        {
            // JSON has no NaN or infinity; a number that is not finite is written as null rather than faked.
            if (double.IsFinite(value)) json.WriteNumber(key, value);
            else json.WriteNull(key);
        }
        json.WriteEndObject();
    }

    private static Dictionary<string, double> ReadNumbers(JsonElement obj)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) result[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN;
        return result;
    }

    /// <summary>Writes a JSON value of a policy's Status() (numbers, strings, lists, maps).</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d: if (double.IsFinite(d)) json.WriteNumberValue(d); else json.WriteNullValue(); break;
            case float f: if (float.IsFinite(f)) json.WriteNumberValue(f); else json.WriteNullValue(); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case JsonElement element: element.WriteTo(json); break;
            case System.Collections.IDictionary map:
                json.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list) WriteValue(json, item);
                json.WriteEndArray();
                break;
            default:
                if (value is IConvertible convertible && value.GetType().IsPrimitive) json.WriteNumberValue(convertible.ToDouble(CultureInfo.InvariantCulture));
                else json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions)) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
