using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gyre.Core.Errors;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Http;

namespace Gyre.Server.Protocol;

/// <summary>Writes MLflow messages and MLflow error bodies straight into the response pipe.</summary>
public static class MlflowResponseWriter
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static async Task WriteAsync<T>(HttpContext context, T message, JsonTypeInfo<T> typeInfo)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        if (message is EmptyResponse)
        {
            await response.BodyWriter.WriteAsync(EmptyObject, context.RequestAborted);
            return;
        }
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
            JsonSerializer.Serialize(writer, message, typeInfo);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, ErrorCode code, string message)
    {
        context.Response.StatusCode = status;
        return WriteAsync(context, new ErrorResponse { ErrorCode = code.ToString(), Message = message },
            MlflowJsonContext.Default.ErrorResponse);
    }
}
