using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gyre.Core.Errors;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Gyre.Server.Protocol;

/// <summary>
/// Reads a request message as MLflow's server does: GET from the query string (repeated parameters for
/// repeated fields, 'true'/'false' for booleans), every other verb from a JSON body (POST and PUT must say
/// <c>Content-Type: application/json</c>; an empty body is an empty message; a body that is a JSON string
/// holding JSON, as old clients send, is decoded twice). Then the message checks its required fields.
/// </summary>
public static class MlflowRequestReader
{
    public static async ValueTask<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo) where T : class, IMlflowRequest, new()
    {
        var request = context.Request;
        var message = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? FromQuery(request.Query, typeInfo)
            : await FromBodyAsync(request, typeInfo, context.RequestAborted);
        message.Validate();
        return message;
    }

    public static void RequireJsonContentType(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method)) return;
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
            throw GyreException.InvalidParameter("Bad Request. Content-Type header is missing.");
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0) mediaType = mediaType[..semicolon];
        if (!mediaType.Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
            throw GyreException.InvalidParameter("Bad Request. Content-Type must be one of ['application/json'].");
    }

    /// <summary>Bodies up to this size are awaited whole (below Kestrel's 1 MB request buffer, which would pause a longer wait).</summary>
    private const long WholeBodyReadLimit = 512 * 1024;

    private static async ValueTask<T> FromBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) where T : class, new()
    {
        RequireJsonContentType(request);
        var reader = request.BodyReader;
        // A body of known length is awaited whole: a large one arrives in many socket reads, and waking
        // this handler for each would queue it behind other work once per read.
        var result = request.ContentLength is > 0 and <= WholeBodyReadLimit and var length
            ? await reader.ReadAtLeastAsync((int)length, cancellationToken)
            : await reader.ReadAsync(cancellationToken);
        while (!result.IsCompleted && !result.IsCanceled)
        {
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await reader.ReadAsync(cancellationToken);
        }
        try
        {
            return Parse(result.Buffer, typeInfo);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>Parses a JSON body; empty means an empty message.</summary>
    public static T Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> typeInfo) where T : class, new()
    {
        if (body.IsSingleSegment) return ParseBody(body, typeInfo);
        // Kestrel hands a large body over in several pipe segments; Utf8JsonReader reads one contiguous span
        // about twice as fast as a segmented sequence, which pays for the copy many times over.
        var length = checked((int)body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(buffer);
            return ParseBody(new ReadOnlySequence<byte>(buffer, 0, length), typeInfo);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T ParseBody<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> typeInfo) where T : class, new()
    {
        if (IsBlank(body)) return new T();
        try
        {
            var probe = new Utf8JsonReader(body);
            probe.Read();
            if (probe.TokenType == JsonTokenType.String)
            {
                var inner = probe.GetString() ?? "";
                return string.IsNullOrWhiteSpace(inner) ? new T() : JsonSerializer.Deserialize(inner, typeInfo) ?? new T();
            }
            if (probe.TokenType == JsonTokenType.Null) return new T();
            if (probe.TokenType != JsonTokenType.StartObject)
                throw new GyreException(ErrorCode.MALFORMED_REQUEST, "Malformed request body: expected a JSON object.");
            // The hottest body (up to 1000 metrics) in its plain shape skips the metadata-driven serializer.
            if (typeof(T) == typeof(LogBatchRequest) && LogBatchFastReader.TryRead(body, out var batch)) return (T)(object)batch;
            var reader = new Utf8JsonReader(body);
            return JsonSerializer.Deserialize(ref reader, typeInfo) ?? new T();
        }
        catch (JsonException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>A JSON syntax error is MALFORMED_REQUEST; a value of the wrong type names the field.</summary>
    public static GyreException Translate(JsonException e)
    {
        var field = FieldName(e.Path);
        // The reader's syntax errors arrive wrapped (their inner exception is itself a JsonException);
        // a value of the wrong type does not.
        if (e.InnerException is JsonException || field.Length == 0)
            return new GyreException(ErrorCode.MALFORMED_REQUEST, $"Malformed JSON request body: {FirstSentence(e.Message)}", e);
        var why = e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "the value has the wrong type"
            : FirstSentence(e.Message);
        return Require.Invalid(field, why);
    }

    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }

    private static bool IsBlank(ReadOnlySequence<byte> body)
    {
        foreach (var segment in body)
            foreach (var b in segment.Span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    /// <summary>
    /// Turns the query string into the message's JSON form using the message's own field list, then parses
    /// that: repeated fields become arrays, booleans must be 'true' or 'false', numbers travel as strings.
    /// </summary>
    public static T FromQuery<T>(IQueryCollection query, JsonTypeInfo<T> typeInfo) where T : class, new()
    {
        if (query.Count == 0) return new T();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in typeInfo.Properties)
            {
                if (!query.TryGetValue(property.Name, out var values)) continue;
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (type == typeof(List<string>))
                {
                    writer.WriteStartArray(property.Name);
                    foreach (var v in values) writer.WriteStringValue(v);
                    writer.WriteEndArray();
                }
                else if (type == typeof(bool))
                {
                    var text = values[0] ?? "";
                    if (!text.Equals("true", StringComparison.OrdinalIgnoreCase) && !text.Equals("false", StringComparison.OrdinalIgnoreCase))
                        throw GyreException.InvalidParameter($"Invalid boolean value: {text}, must be 'true' or 'false'.");
                    writer.WriteBoolean(property.Name, text.Equals("true", StringComparison.OrdinalIgnoreCase));
                }
                else
                {
                    writer.WriteString(property.Name, values[0]);
                }
            }
            writer.WriteEndObject();
        }
        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo) ?? new T();
        }
        catch (JsonException e)
        {
            throw Translate(e);
        }
    }
}
