using System.Net;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>Garbage in gives a 4xx with an MLflow error body, never a 500.</summary>
public sealed class BadInputTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;

    public static TheoryData<string, string, string?> Requests => new()
    {
        { "GET", "experiments/get?experiment_id=not-a-number", null },
        { "GET", "experiments/get?experiment_id=99999999999999999999999", null },
        { "POST", "experiments/search", """{"page_token": "garbage"}""" },
        { "POST", "experiments/search", """{"max_results": -5}""" },
        { "POST", "experiments/search", """{"order_by": ["nonsense DESC"]}""" },
        { "POST", "experiments/delete", """{"experiment_id": "x"}""" },
        { "POST", "experiments/create", """{"name": "a", "artifact_location": 7}""" },
        { "POST", "runs/create", """{"experiment_id": "not-a-number"}""" },
        { "POST", "runs/create", """{"experiment_id": "0", "start_time": 1e30}""" },
        { "POST", "runs/create", """{"experiment_id": "0", "tags": [{"value": "no key"}]}""" },
        { "POST", "runs/search", """{"experiment_ids": ["0"], "page_token": "garbage"}""" },
        { "POST", "runs/search", """{"experiment_ids": ["0"], "order_by": ["metrics.`unclosed"]}""" },
        { "POST", "runs/search", """{"experiment_ids": "0"}""" },
        { "POST", "runs/log-metric", """{"run_id": "", "key": "k", "value": 1, "timestamp": 1}""" },
        { "POST", "runs/log-metric", """{"run_id": "abc", "key": "k", "value": true, "timestamp": 1}""" },
        { "POST", "runs/log-batch", """{"run_id": "abc", "metrics": [null]}""" },
        { "POST", "runs/log-batch", """{"run_id": "abc", "params": "p"}""" },
        { "POST", "runs/log-batch", """{"run_id": "abc", "params": [{"value": "v"}]}""" },
        { "POST", "runs/update", """{"run_id": "abc", "status": 42}""" },
        { "GET", "metrics/get-history?run_id=abc&metric_key=k&page_token=garbage", null },
        { "GET", "metrics/get-history?run_id=abc&metric_key=k&max_results=-1", null },
        { "GET", "metrics/get-history-bulk-interval?run_ids=a&metric_key=k&start_step=x&end_step=2", null },
        { "GET", "artifacts/list?run_id=abc", null },
        { "GET", "registered-models/search?page_token=garbage", null },
        { "GET", "registered-models/search?filter=name%20%3D%3D", null },
        { "GET", "model-versions/search?filter=bogus_column%20%3D%20%271%27", null },
        { "GET", "model-versions/get?name=nobody&version=abc", null },
        { "POST", "model-versions/create", """{"name": "nobody", "source": "runs:/abc/model", "run_id": "abc"}""" },
        { "POST", "model-versions/transition-stage", """{"name": "nobody", "version": "-1", "stage": "Production"}""" },
        { "POST", "registered-models/alias", """{"name": "nobody", "alias": "a", "version": "x"}""" },
        { "DELETE", "registered-models/delete", "not json" },
        { "PATCH", "model-versions/update", """{"name": ["x"], "version": "1"}""" },
        { "PUT", "/api/2.0/mlflow-artifacts/artifacts/a//b", "data" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Bad_requests_are_client_errors_with_an_MLflow_body(string method, string path, string? body)
    {
        var reply = await _api.SendAsync(new HttpMethod(method), path, body);
        Assert.True((int)reply.Status is >= 400 and < 500, $"{method} {path} {body} -> {(int)reply.Status}: {reply.Text}");
        Assert.Equal("application/json", reply.MediaType);
        Assert.False(string.IsNullOrEmpty(reply.ErrorCode), reply.Text);
        Assert.NotEqual("INTERNAL_ERROR", reply.ErrorCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, reply.Status);
    }
}
