using System.Text.Encodings.Web;
using System.Text.Json;
using Gyre.Core.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Serving.Feedback;

/// <summary>
/// <c>POST /api/gyre/feedback</c>: delayed labels and rewards by request id. A single item answers 200 with
/// <c>{"accepted": 1, "rejected": []}</c>, or its error (404 unknown/expired id, 400 RESOURCE_ALREADY_EXISTS for a repeat, 400 bad value) as
/// <c>{"error_code", "message"}</c>. A batch answers 200 when at least one item was taken, listing the others under
/// "rejected"; when none was, it answers with the first rejection's status. A malformed body is a 400 and
/// nothing is applied.
/// </summary>
public static class FeedbackEndpoints
{
    public const string Route = "/api/gyre/feedback";

    public static IEndpointConventionBuilder MapFeedback(this IEndpointRouteBuilder app, FeedbackService service) =>
        app.MapPost(Route, (HttpContext context) => HandleAsync(context, service));

    public static async Task HandleAsync(HttpContext context, FeedbackService service)
    {
        IReadOnlyList<FeedbackItem> items;
        bool batch;
        try
        {
            using var document = await ReadJsonAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            (items, batch) = FeedbackRequestParser.Parse(document.RootElement, service.Index.Options.MaxBatch);
        }
        catch (GyreException error)
        {
            await WriteErrorAsync(context, error.HttpStatus, error.Code, error.Message, null, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var result = service.Submit(items);
        if (result.Accepted == 0 && result.Rejected.Count > 0)
        {
            var first = result.Rejected[0];
            var status = new GyreException(first.Code, first.Message).HttpStatus;
            var message = batch
                ? $"None of the {items.Count} feedback items was accepted; the first: {first.Message}"
                : first.Message;
            await WriteErrorAsync(context, status, first.Code, message, batch ? result : null, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(context, 200, json =>
        {
            json.WriteStartObject();
            WriteResult(json, result);
            json.WriteEndObject();
        }, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            throw new GyreException(ErrorCode.MALFORMED_REQUEST, $"The feedback body is not valid JSON: {error.Message}");
        }
    }

    private static void WriteResult(Utf8JsonWriter json, FeedbackResult result)
    {
        json.WriteNumber("accepted", result.Accepted);
        json.WriteStartArray("rejected");
        foreach (var rejection in result.Rejected)
        {
            json.WriteStartObject();
            json.WriteNumber("index", rejection.Index);
            json.WriteString("request_id", rejection.RequestId);
            json.WriteString("error_code", rejection.Code.ToString());
            json.WriteString("message", rejection.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, ErrorCode code, string message, FeedbackResult? result, CancellationToken cancellationToken) =>
        WriteJsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error_code", code.ToString());
            json.WriteString("message", message);
            if (result is not null) WriteResult(json, result);
            json.WriteEndObject();
        }, cancellationToken);

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        // Messages quote request ids ('r1'): keep them readable rather than \u0027-escaped; this is JSON, not HTML.
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
