using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gyre.Core.Errors;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Gyre.Server.Protocol;

/// <summary>
/// Writes MLflow messages and MLflow error bodies. Each body is serialized whole first, so the response
/// carries a Content-Length and leaves in one write: without one, Kestrel sends it chunked, the body in one
/// write and the closing chunk in another, and the client reads chunk framing (most logging calls answer
/// just <c>{}</c>).
/// </summary>
public static class MlflowResponseWriter
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>A serialization buffer kept per thread up to this size (larger answers get their own).</summary>
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    public static Task WriteAsync<T>(HttpContext context, T message, JsonTypeInfo<T> typeInfo)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        if (message is EmptyResponse)
        {
            response.ContentLength = EmptyObject.Length;
            response.BodyWriter.Write(EmptyObject);
            return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
        }
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(4096);
        t_buffer = null; // a nested use on this thread gets its own
        try
        {
            using (var writer = new Utf8JsonWriter(buffer)) JsonSerializer.Serialize(writer, message, typeInfo);
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan); // copied into the response before the buffer is reused
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= KeptBufferBytes) t_buffer = buffer;
        }
        return response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    public static Task WriteErrorAsync(HttpContext context, int status, ErrorCode code, string message)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, new ErrorResponse { ErrorCode = code.ToString(), Message = message },
            MlflowJsonContext.Default.ErrorResponse);
    }
}
