using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// The deployments API (<c>/api/gyre/deployments</c>) over plain HTTP, as any client would call it. Errors
/// come back as GyreExceptions carrying the server's error code and message.
/// </summary>
internal sealed class DeploymentApi(HttpClient http)
{
    private const string Root = "api/gyre/deployments";

    public Task<JsonObject> CreateAsync(JsonObject spec, CancellationToken ct) => SendAsync(HttpMethod.Post, Root, spec, ct);

    public Task<JsonObject> UpdateAsync(string name, JsonObject spec, CancellationToken ct) => SendAsync(HttpMethod.Put, $"{Root}/{Escape(name)}", spec, ct);

    public Task<JsonObject> GetAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Get, $"{Root}/{Escape(name)}", null, ct);

    public Task<JsonObject> StatusAsync(string name, CancellationToken ct) => SendAsync(HttpMethod.Get, $"{Root}/{Escape(name)}/status", null, ct);

    /// <summary>The names of the deployments the server hosts.</summary>
    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Get, Root, null, ct);
        return (body["deployments"] as JsonArray)?.OfType<JsonObject>().Select(d => d["name"]?.GetValue<string>() ?? "").ToArray() ?? [];
    }

    /// <summary>Deletes the deployment when it exists; false when there was none.</summary>
    public async Task<bool> DeleteIfExistsAsync(string name, CancellationToken ct)
    {
        if (!(await ListNamesAsync(ct)).Contains(name)) return false;
        await SendAsync(HttpMethod.Delete, $"{Root}/{Escape(name)}", null, ct);
        return true;
    }

    /// <summary>The deployment's decisions with their evidence, oldest first.</summary>
    public async Task<IReadOnlyList<DeploymentEventView>> EventsAsync(string name, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Get, $"{Root}/{Escape(name)}/events", null, ct);
        var events = body["events"] as JsonArray ?? throw GyreException.InvalidState($"The events of deployment '{name}' came without an 'events' list.");
        return events.OfType<JsonObject>().Select(DeploymentEventView.From).OrderBy(e => e.Timestamp).ToArray();
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct);
        await EnsureSuccessAsync(response, method, path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw GyreException.InvalidState($"{method} /{path} returned {text}, not a JSON object.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(ct);
        var (code, message) = ParseError(text);
        if (response.StatusCode == HttpStatusCode.NotFound && (code is null or nameof(ErrorCode.ENDPOINT_NOT_FOUND)) && path.StartsWith(Root, StringComparison.Ordinal))
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"The deployment API ({method} /{path}) is not available in this server: {message ?? text}".TrimEnd(' ', ':'));
        var parsed = Enum.TryParse<ErrorCode>(code, out var c) ? c : ErrorCode.INTERNAL_ERROR;
        throw new GyreException(parsed, $"{method} /{path} failed with HTTP {(int)response.StatusCode}: {message ?? text}");
    }

    /// <summary>The error code and message of the first JSON object in an error body (the rest, if any, is ignored).</summary>
    private static (string? Code, string? Message) ParseError(string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            var root = document.RootElement;
            return (root.TryGetProperty("error_code", out var c) ? c.GetString() : null, root.TryGetProperty("message", out var m) ? m.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Escape(string name) => Uri.EscapeDataString(name);
}

/// <summary>One deployment event as the API shows it: when, what, why, the evidence and the shares afterwards.</summary>
internal sealed record DeploymentEventView(DateTimeOffset Timestamp, string Kind, string Reason,
    IReadOnlyDictionary<string, double> Evidence, IReadOnlyDictionary<string, double> SharesAfter)
{
    public static DeploymentEventView From(JsonObject e) => new(
        e["timestamp"] is { } t ? DateTimeOffset.Parse(t.GetValue<string>(), CultureInfo.InvariantCulture) : DateTimeOffset.MinValue,
        e["kind"]?.GetValue<string>() ?? "",
        e["reason"]?.GetValue<string>() ?? "",
        Numbers(e["evidence"]),
        Numbers(e["shares_after"]));

    private static Dictionary<string, double> Numbers(JsonNode? node) =>
        node is JsonObject o
            ? o.Where(p => p.Value is JsonValue v && v.TryGetValue<double>(out _)).ToDictionary(p => p.Key, p => p.Value!.GetValue<double>())
            : [];

    public string EvidenceText => string.Join(" ", Evidence.Select(p => $"{p.Key}={p.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));

    public string SharesText => string.Join(", ", SharesAfter.Select(p => $"{p.Key} {p.Value.ToString("P0", CultureInfo.InvariantCulture)}"));
}
