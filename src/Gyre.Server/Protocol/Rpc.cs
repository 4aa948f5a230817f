using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Protocol;

/// <summary>Maps MLflow RPCs: one handler per message pair, served under both of MLflow's prefixes.</summary>
public static class Rpc
{
    /// <summary>MLflow serves its REST API under /api and, for its web UI, under /ajax-api.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["/api/2.0/mlflow", "/ajax-api/2.0/mlflow"];

    /// <summary>
    /// Maps the RPC as a route under each prefix; a fixed path (no <c>{parameter}</c>) also goes into the
    /// host's <see cref="RpcDispatch"/> table, which answers it ahead of routing where the host uses it.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes, string method, string path, RequestDelegate handler)
    {
        foreach (var prefix in Prefixes)
        {
            routes.MapMethods(prefix + path, [method], handler);
            if (!path.Contains('{')) RpcDispatch.For(routes).Add(method, prefix + path, handler);
        }
    }

    /// <summary>Reads <typeparamref name="TRequest"/>, runs <paramref name="handle"/>, writes its answer.</summary>
    public static RequestDelegate Handler<TRequest, TResponse>(
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        Func<TRequest, HttpContext, CancellationToken, ValueTask<TResponse>> handle)
        where TRequest : class, IMlflowRequest, new() =>
        async context =>
        {
            var request = await MlflowRequestReader.ReadAsync(context, requestType);
            var response = await handle(request, context, context.RequestAborted);
            await MlflowResponseWriter.WriteAsync(context, response, responseType);
        };
}
