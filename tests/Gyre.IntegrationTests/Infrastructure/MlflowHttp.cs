using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>
/// A plain HTTP client that sends MLflow's JSON exactly as given (as the Python client sends it) and
/// hands back the status and the parsed body, so tests assert on the wire format itself.
/// </summary>
public sealed class MlflowHttp(Uri baseAddress) : IDisposable
{
    public HttpClient Client { get; } = new() { BaseAddress = baseAddress };

    public Task<MlflowReply> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<MlflowReply> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public Task<MlflowReply> DeleteAsync(string path, string json) => SendAsync(HttpMethod.Delete, path, json);

    public Task<MlflowReply> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, null);

    public async Task<MlflowReply> SendAsync(HttpMethod method, string path, string? json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, Api(path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new MlflowReply(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Paths without a leading '/' are under /api/2.0/mlflow/.</summary>
    public static string Api(string path) => path.StartsWith('/') ? path : "/api/2.0/mlflow/" + path;

    /// <summary>Succeeds or fails the test with the server's error body in the message.</summary>
    public async Task<JsonElement> OkAsync(Task<MlflowReply> call)
    {
        var reply = await call;
        Assert.True(reply.Status == HttpStatusCode.OK, $"expected 200, got {(int)reply.Status}: {reply.Text}");
        return reply.Json;
    }

    public async Task<string> CreateExperimentAsync(string name) =>
        (await OkAsync(PostAsync("experiments/create", $$"""{"name": "{{name}}"}"""))).GetProperty("experiment_id").GetString()!;

    public async Task<string> CreateRunAsync(string experimentId, string? runName = null)
    {
        var nameField = runName is null ? "" : $$""", "run_name": "{{runName}}" """;
        var run = await OkAsync(PostAsync("runs/create",
            $$"""{"experiment_id": "{{experimentId}}", "user_id": "tester", "start_time": 1700000000000{{nameField}}}"""));
        return run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>One HTTP answer: status, raw text and (when JSON) the parsed body.</summary>
public sealed record MlflowReply(HttpStatusCode Status, string Text, string? MediaType)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement;

    public string? ErrorCode => Json.TryGetProperty("error_code", out var code) ? code.GetString() : null;

    public string Message => Json.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";

    /// <summary>Asserts an MLflow error body with this status and code.</summary>
    public MlflowReply ShouldFail(HttpStatusCode status, string errorCode)
    {
        Assert.True(Status == status, $"expected {(int)status} {errorCode}, got {(int)Status}: {Text}");
        Assert.Equal("application/json", MediaType);
        Assert.Equal(errorCode, ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(Message));
        return this;
    }
}
