using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Hosting;

/// <summary><c>/health</c> and <c>/version</c>, answered as MLflow's server answers them (plain text).</summary>
public static class HealthEndpoints
{
    /// <summary>The MLflow release whose REST API this server speaks; <c>/version</c> reports it as MLflow does its own.</summary>
    public const string MlflowApiVersion = "3.3.0";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", context => PlainText(context, "OK"));
        routes.MapGet("/version", context => PlainText(context, MlflowApiVersion));
    }

    private static Task PlainText(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
