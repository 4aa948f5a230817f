using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Serving.Api;

/// <summary>
/// <c>/api/gyre/deployments</c>: list, create, get, update (hot swap), delete, events, status and manual
/// actions. Errors are <c>{"error_code", "message"}</c> with 400 (bad spec), 404 (no such deployment or
/// model) and 409 (name taken, action not possible now).
/// </summary>
public static class DeploymentEndpoints
{
    public const string Prefix = "/api/gyre/deployments";

    public static void Map(IEndpointRouteBuilder routes, DeploymentHost host)
    {
        routes.MapGet(Prefix, (RequestDelegate)(context => Handle(context, () => ListAsync(context, host))));
        routes.MapPost(Prefix, (RequestDelegate)(context => Handle(context, () => CreateAsync(context, host))));
        routes.MapGet(Prefix + "/{name}", (RequestDelegate)(context => Handle(context, () => GetAsync(context, host))));
        routes.MapPut(Prefix + "/{name}", (RequestDelegate)(context => Handle(context, () => UpdateAsync(context, host))));
        routes.MapDelete(Prefix + "/{name}", (RequestDelegate)(context => Handle(context, () => DeleteAsync(context, host))));
        routes.MapGet(Prefix + "/{name}/events", (RequestDelegate)(context => Handle(context, () => EventsAsync(context, host))));
        routes.MapGet(Prefix + "/{name}/status", (RequestDelegate)(context => Handle(context, () => StatusAsync(context, host))));
        routes.MapPost(Prefix + "/{name}/actions/{action}", (RequestDelegate)(context => Handle(context, () => ActAsync(context, host))));
    }

    private static string Route(HttpContext context, string key) => (string)context.Request.RouteValues[key]!;

    private static Task ListAsync(HttpContext context, DeploymentHost host) =>
        ScoringEndpoints.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("deployments");
            foreach (var d in host.Deployments) WriteDeployment(json, d);
            json.WriteEndArray();
            json.WriteEndObject();
        });

    private static async Task CreateAsync(HttpContext context, DeploymentHost host)
    {
        var spec = DeploymentJson.ParseSpec(await ReadBodyAsync(context).ConfigureAwait(false));
        var deployment = await host.CreateAsync(spec, context.RequestAborted).ConfigureAwait(false);
        await ScoringEndpoints.WriteJsonAsync(context, 201, json => WriteDeployment(json, deployment)).ConfigureAwait(false);
    }

    private static Task GetAsync(HttpContext context, DeploymentHost host)
    {
        var deployment = host.Get(Route(context, "name"));
        return ScoringEndpoints.WriteJsonAsync(context, 200, json => WriteDeployment(json, deployment));
    }

    private static async Task UpdateAsync(HttpContext context, DeploymentHost host)
    {
        var name = Route(context, "name");
        host.Get(name);
        var spec = DeploymentJson.ParseSpec(await ReadBodyAsync(context).ConfigureAwait(false), name);
        var deployment = await host.UpdateAsync(spec, context.RequestAborted).ConfigureAwait(false);
        await ScoringEndpoints.WriteJsonAsync(context, 200, json => WriteDeployment(json, deployment)).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(HttpContext context, DeploymentHost host)
    {
        await host.DeleteAsync(Route(context, "name"), context.RequestAborted).ConfigureAwait(false);
        await ScoringEndpoints.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task EventsAsync(HttpContext context, DeploymentHost host)
    {
        var limit = 1000;
        if (context.Request.Query["limit"] is { Count: > 0 } given
            && (!int.TryParse(given[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit <= 0))
            throw GyreException.InvalidParameter($"Query parameter limit must be a positive integer, got '{given[0]}'.");
        var events = await host.GetEventsAsync(Route(context, "name"), limit, context.RequestAborted).ConfigureAwait(false);
        await ScoringEndpoints.WriteJsonAsync(context, 200, json => WriteEvents(json, events)).ConfigureAwait(false);
    }

    private static Task StatusAsync(HttpContext context, DeploymentHost host)
    {
        var status = host.GetStatus(Route(context, "name"));
        return ScoringEndpoints.WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", status.Name);
            json.WriteString("policy", status.PolicyKind);
            json.WriteNumber("generation", status.Generation);
            DeploymentJson.WriteNumbers(json, "shares", status.Shares);
            json.WritePropertyName("state");
            DeploymentJson.WriteValue(json, status.Policy);
            json.WriteStartArray("variants");
            foreach (var v in status.Variants)
            {
                json.WriteStartObject();
                json.WriteString("name", v.Name);
                json.WriteString("model_uri", v.ModelUri);
                json.WriteString("version", v.Version);
                json.WriteString("format", v.Format);
                json.WriteNumber("requests", v.Requests);
                json.WriteNumber("errors", v.Errors);
                json.WriteNumber("mean_latency_ms", v.MeanLatencyMs);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static async Task ActAsync(HttpContext context, DeploymentHost host)
    {
        var name = Route(context, "name");
        host.Get(name);
        string? variant = null;
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw GyreException.InvalidParameter("An action's body must be a JSON object, e.g. {\"variant\": \"green\"}.");
                if (document.RootElement.TryGetProperty("variant", out var v) && v.ValueKind != JsonValueKind.Null)
                    variant = v.ValueKind == JsonValueKind.String ? v.GetString() : throw GyreException.InvalidParameter("Field 'variant' must be a string.");
            }
            catch (JsonException e)
            {
                throw new GyreException(ErrorCode.MALFORMED_REQUEST, $"The action body is not valid JSON: {e.Message}");
            }
        }
        var events = await host.ActAsync(name, Route(context, "action"), variant, context.RequestAborted).ConfigureAwait(false);
        await ScoringEndpoints.WriteJsonAsync(context, 200, json => WriteEvents(json, events)).ConfigureAwait(false);
    }

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<DeploymentEvent> events)
    {
        json.WriteStartObject();
        json.WriteStartArray("events");
        foreach (var e in events) DeploymentJson.WriteEvent(json, e);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDeployment(Utf8JsonWriter json, Deployment deployment)
    {
        var snapshot = deployment.Current;
        json.WriteStartObject();
        json.WriteString("name", deployment.Name);
        json.WriteStartArray("variants");
        foreach (var v in snapshot.Variants)
        {
            json.WriteStartObject();
            json.WriteString("name", v.Name);
            json.WriteString("model_uri", v.ModelUri);
            json.WriteString("version", v.Version);
            json.WriteString("format", v.Served.Model.Format);
            if (snapshot.Spec.Variants.FirstOrDefault(s => s.Name == v.Name)?.Batching is { } own)
            {
                json.WritePropertyName("batching");
                DeploymentJson.WriteBatching(json, own);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WritePropertyName("policy");
        DeploymentJson.WritePolicy(json, snapshot.Spec.Policy);
        if (snapshot.Spec.Batching is { } batching)
        {
            json.WritePropertyName("batching");
            DeploymentJson.WriteBatching(json, batching);
        }
        if (snapshot.Spec.Cache is { } cache)
        {
            json.WritePropertyName("cache");
            DeploymentJson.WriteCache(json, cache);
        }
        if (snapshot.Spec.Monitoring is { } monitoring)
        {
            json.WritePropertyName("monitoring");
            Observability.MonitoringSpecJson.Write(json, monitoring);
        }
        DeploymentJson.WriteNumbers(json, "shares", snapshot.Policy.Shares);
        json.WriteNumber("generation", snapshot.Generation);
        json.WriteBoolean("persisted", deployment.Persisted);
        json.WriteEndObject();
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Runs an API call, answering GyreExceptions as JSON errors; 409 for conflicts, as REST clients expect.</summary>
    private static async Task Handle(HttpContext context, Func<Task> call)
    {
        // Management work (model loads, store writes) moves to the thread pool, so that with inline I/O
        // (ScoringServerOptions.InlineIo) it never holds up the scoring requests sharing the I/O thread.
        await Task.Yield();
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (GyreException e)
        {
            var status = e.Code is ErrorCode.RESOURCE_ALREADY_EXISTS or ErrorCode.INVALID_STATE ? 409 : e.HttpStatus;
            await WriteErrorAsync(context, status, e.Code, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context, e.StatusCode, ErrorCode.MALFORMED_REQUEST, e.Message).ConfigureAwait(false);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, ErrorCode code, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        await ScoringEndpoints.WriteJsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error_code", code.ToString());
            json.WriteString("message", message);
            json.WriteEndObject();
        }).ConfigureAwait(false);
        // Sent now, so a host's own error middleware (gyre server's) sees the answer started and adds nothing.
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
