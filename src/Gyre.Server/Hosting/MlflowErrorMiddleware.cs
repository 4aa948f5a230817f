using Gyre.Core.Errors;
using Gyre.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gyre.Server.Hosting;

/// <summary>
/// Turns every failure into MLflow's error body <c>{"error_code", "message"}</c> with MLflow's status:
/// GyreExceptions keep their code, bad HTTP (oversize, truncated bodies) is a 4xx, an unknown API path is
/// 404 ENDPOINT_NOT_FOUND and a known path with the wrong verb 405 ENDPOINT_NOT_FOUND. Only a bug is a 500.
/// </summary>
public sealed class MlflowErrorMiddleware(RequestDelegate next, ILogger<MlflowErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status is 404 or 405 && !context.Response.HasStarted && IsApiPath(context.Request.Path))
            {
                var message = status == 404
                    ? $"No API endpoint {context.Request.Method} {context.Request.Path}."
                    : $"Method {context.Request.Method} is not allowed for {context.Request.Path}.";
                await MlflowResponseWriter.WriteErrorAsync(context, status, ErrorCode.ENDPOINT_NOT_FOUND, message);
            }
        }
        catch (GyreException e)
        {
            await TryWriteAsync(context, e.HttpStatus, e.Code, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            var code = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.MALFORMED_REQUEST;
            await TryWriteAsync(context, e.StatusCode, code, e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            await TryWriteAsync(context, 500, ErrorCode.INTERNAL_ERROR, $"Internal error: {e.Message}");
        }
    }

    private static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ajax-api");

    private static async Task TryWriteAsync(HttpContext context, int status, ErrorCode code, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        await MlflowResponseWriter.WriteErrorAsync(context, status, code, message);
    }
}
