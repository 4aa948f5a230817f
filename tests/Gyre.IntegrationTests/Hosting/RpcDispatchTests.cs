using System.Net;
using Gyre.IntegrationTests.Infrastructure;
using Gyre.Server.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gyre.IntegrationTests.Hosting;

/// <summary>The fixed-path RPC table that answers MLflow calls ahead of endpoint routing, matching as routing does.</summary>
public sealed class RpcDispatchTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    [Fact]
    public void Finds_fixed_paths_by_exact_method_and_any_case_and_leaves_the_rest_to_routing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        RequestDelegate search = _ => Task.CompletedTask, get = _ => Task.CompletedTask;
        Rpc.Map(app, "POST", "/runs/search", search);
        Rpc.Map(app, "GET", "/runs/search", get);
        Rpc.Map(app, "GET", "/logged-models/{model_id}", _ => Task.CompletedTask);
        var table = RpcDispatch.For(app);

        Assert.Same(search, table.Find(Request("POST", "/api/2.0/mlflow/runs/search")));
        Assert.Same(get, table.Find(Request("GET", "/ajax-api/2.0/mlflow/runs/search")));
        Assert.Same(search, table.Find(Request("POST", "/API/2.0/MLflow/Runs/Search"))); // routing ignores case too
        Assert.Null(table.Find(Request("PUT", "/api/2.0/mlflow/runs/search"))); // routing answers 405
        Assert.Null(table.Find(Request("POST", "/api/2.0/mlflow/runs/search/")));
        Assert.Null(table.Find(Request("POST", "/api/2.0/mlflow/runs/nothing")));
        Assert.Null(table.Find(Request("GET", "/api/2.0/mlflow/logged-models/m-1"))); // parameters: routing's
    }

    [Fact]
    public async Task Through_the_server_the_answers_are_routings_own()
    {
        var api = server.Api;
        await api.OkAsync(api.PostAsync("experiments/search", "{}"));
        await api.OkAsync(api.PostAsync("/api/2.0/mlflow/Experiments/Search", "{}"));
        await api.OkAsync(api.PostAsync("/api/2.0/mlflow/experiments/search/", "{}"));
        (await api.SendAsync(HttpMethod.Put, "experiments/search", "{}")).ShouldFail(HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
        (await api.PostAsync("experiments/nothing", "{}")).ShouldFail(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    private static HttpRequest Request(string method, string path) =>
        new DefaultHttpContext { Request = { Method = method, Path = path } }.Request;
}
