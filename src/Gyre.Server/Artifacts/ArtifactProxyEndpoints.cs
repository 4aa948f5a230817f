using Gyre.Artifacts;
using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Artifacts;

/// <summary>
/// MLflow's artifact proxy (mlflow_artifacts.proto): clients given <c>mlflow-artifacts:/</c> URIs upload,
/// download, list and delete through the server, which keeps the files in its artifact destination.
/// With --no-serve-artifacts every route answers 503, as MLflow's.
/// </summary>
public static class ArtifactProxyEndpoints
{
    public static IReadOnlyList<string> Prefixes { get; } = ["/api/2.0/mlflow-artifacts/artifacts", "/ajax-api/2.0/mlflow-artifacts/artifacts"];

    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        foreach (var prefix in Prefixes)
        {
            routes.MapMethods(prefix, ["GET"], context => List(context, backends));
            routes.MapMethods(prefix + "/{**path}", ["GET"], context => Download(context, backends));
            routes.MapMethods(prefix + "/{**path}", ["PUT"], context => Upload(context, backends));
            routes.MapMethods(prefix + "/{**path}", ["DELETE"], context => Delete(context, backends));
        }
    }

    private static async Task List(HttpContext context, GyreBackends backends)
    {
        if (await Disabled(context, backends)) return;
        var path = ArtifactPath.Validate(context.Request.Query["path"].ToString());
        var entries = await backends.ArtifactDestination!.ListAsync(path, context.RequestAborted);
        var files = entries.Select(e => new WireFileInfo
        {
            Path = LastSegment(e.Path),
            IsDir = e.IsDir,
            FileSize = e.IsDir ? null : e.FileSize,
        }).ToList();
        await MlflowResponseWriter.WriteAsync(context, new ArtifactListResponse { Files = files.Count == 0 ? null : files },
            MlflowJsonContext.Default.ArtifactListResponse);
    }

    private static async Task Download(HttpContext context, GyreBackends backends)
    {
        if (await Disabled(context, backends)) return;
        var path = ArtifactPath.ValidateFile(RoutePath(context));
        await using var content = await backends.ArtifactDestination!.OpenReadAsync(path, context.RequestAborted);
        var name = LastSegment(path);
        context.Response.ContentType = ContentTypes.Guess(name);
        context.Response.Headers.ContentDisposition = $"attachment; filename={name}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (content.CanSeek) context.Response.ContentLength = content.Length;
        await content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task Upload(HttpContext context, GyreBackends backends)
    {
        if (await Disabled(context, backends)) return;
        var path = ArtifactPath.ValidateFile(RoutePath(context));
        // Artifacts (models, datasets) can be far larger than any JSON request: no body size limit here.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        await backends.ArtifactDestination!.PutAsync(path, context.Request.Body, context.RequestAborted);
        await MlflowResponseWriter.WriteAsync(context, EmptyResponse.Instance, MlflowJsonContext.Default.EmptyResponse);
    }

    private static async Task Delete(HttpContext context, GyreBackends backends)
    {
        if (await Disabled(context, backends)) return;
        var path = ArtifactPath.ValidateFile(RoutePath(context));
        await backends.ArtifactDestination!.DeleteAsync(path, context.RequestAborted);
        await MlflowResponseWriter.WriteAsync(context, EmptyResponse.Instance, MlflowJsonContext.Default.EmptyResponse);
    }

    private static string RoutePath(HttpContext context) => context.Request.RouteValues["path"]?.ToString() ?? "";

    private static async Task<bool> Disabled(HttpContext context, GyreBackends backends)
    {
        if (backends.ArtifactDestination is not null) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(
            $"Endpoint: {context.Request.Path} disabled due to the mlflow server running with `--no-serve-artifacts`. " +
            "To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`", context.RequestAborted);
        return true;
    }

    private static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
