using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Protocol;

/// <summary>
/// MLflow's RPCs at fixed paths, found by one dictionary lookup ahead of endpoint routing. Every RPC is also an
/// ordinary route (<see cref="Rpc.Map"/>), so anything this does not answer (a path with parameters, a
/// wrong verb, an unknown path, a trailing slash) goes on to routing and gets its usual answer. The lookup
/// matches as routing does (path case-insensitively, method exactly) and skips routing's matcher for the
/// common case: a route table of ~200 literal paths makes the matcher compile a jump table per path segment
/// (IL emitted and JIT-compiled on a thread-pool thread, ~5-10 ms of CPU) the first time each segment is
/// looked up, which on a fresh server lands on its first burst of requests.
/// </summary>
public sealed class RpcDispatch
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, RpcDispatch> Tables = new();

    private readonly Dictionary<string, (string Method, RequestDelegate Handler)[]> _byPath = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The table of RPCs mapped onto <paramref name="routes"/>.</summary>
    public static RpcDispatch For(IEndpointRouteBuilder routes) => Tables.GetValue(routes, _ => new RpcDispatch());

    internal void Add(string method, string path, RequestDelegate handler)
    {
        lock (_byPath)
        {
            var handlers = _byPath.TryGetValue(path, out var existing) ? existing : [];
            _byPath[path] = [.. handlers, (method, handler)];
        }
    }

    /// <summary>The handler for this request's path and method, if it is a fixed-path RPC.</summary>
    public RequestDelegate? Find(HttpRequest request)
    {
        var path = request.Path.Value;
        if (path is null || !_byPath.TryGetValue(path, out var handlers)) return null;
        foreach (var (method, handler) in handlers)
            if (HttpMethods.Equals(method, request.Method)) return handler;
        return null;
    }
}

public static class RpcDispatchExtensions
{
    /// <summary>
    /// Answers the fixed-path RPCs mapped onto <paramref name="app"/> before routing (place it where routing
    /// would run them: after error handling, before <c>UseRouting</c>). The table is read when requests come, so
    /// RPCs mapped after this call (but before the host starts) are found too.
    /// </summary>
    public static IApplicationBuilder UseRpcDispatch(this WebApplication app)
    {
        var table = RpcDispatch.For(app);
        return app.Use(next => context => (table.Find(context.Request) ?? next)(context));
    }
}
