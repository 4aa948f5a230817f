using System.Net;
using System.Text;
using System.Text.Json;
using Gyre.IntegrationTests.Client;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>
/// One real <c>gyre server --serve-models</c> process doing tracking and serving: registered models are
/// deployed by <c>models:/</c> URI through the CLI, bad specs are refused, and deployments with their
/// events and policy state survive a restart of the process.
/// </summary>
public sealed class ServerWithServingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gyre-serving-" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GyreProcess StartServer() => GyreProcess.Start(["server", "--serve-models", "--port", "0",
        "--backend-store-uri", "sqlite:///" + Path.Combine(_dir, "gyre.db"), "--artifacts-destination", Path.Combine(_dir, "artifacts")]);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    private static async Task RegisterAsync(HttpClient http, string folder, string modelFile)
    {
        using (var upload = await http.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{folder}/model.onnx", new ByteArrayContent(await File.ReadAllBytesAsync(modelFile, Ct)), Ct))
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync(Ct));
        var (status, body) = await SendAsync(http, HttpMethod.Post, "/api/2.0/mlflow/model-versions/create",
            JsonSerializer.Serialize(new { name = "churn", source = $"mlflow-artifacts:/{folder}" }));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
    }

    private static async Task<(string Variant, string Version)> ScoreAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/deployments/churn/invocations", ChurnRequests.Body(0), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Headers.GetValues("x-gyre-variant").Single(), response.Headers.GetValues("x-gyre-model-version").Single());
    }

    [Fact]
    public async Task Registered_versions_are_deployed_switched_and_restored_after_a_restart()
    {
        Uri url;
        using (var server = StartServer())
        {
            url = await server.WaitForServerUrlAsync(Ct);
            using var http = new HttpClient { BaseAddress = url };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", """{"name": "churn"}""")).Status);
            await RegisterAsync(http, "churn-v1", ChurnRequests.Boosted);
            await RegisterAsync(http, "churn-v2", ChurnRequests.Logistic);

            var created = await GyreCli.RunAsync("deployments", "create", "churn", "--server", url.ToString(),
                "--variant", "blue=models:/churn/1", "--variant", "green=models:/churn/2", "--policy", "blue_green");
            Assert.True(created.ExitCode == 0, created.Error);
            Assert.Contains("blue = version 1", created.Output);
            Assert.Equal(("blue", "1"), await ScoreAsync(http));

            await AssertBadSpecsAreRefusedAsync(http);

            var switched = await GyreCli.RunAsync("deployments", "switch", "churn", "--server", url.ToString());
            Assert.True(switched.ExitCode == 0, switched.Error);
            Assert.Contains("switched by hand from 'blue' to 'green'", switched.Output);
            Assert.Equal(("green", "2"), await ScoreAsync(http));
            Assert.Equal(0, await server.StopAsync(Ct));
        }

        using (var server = StartServer())
        {
            url = await server.WaitForServerUrlAsync(Ct);
            using var http = new HttpClient { BaseAddress = url };
            Assert.Equal(("green", "2"), await ScoreAsync(http));
            var (_, status) = await SendAsync(http, HttpMethod.Get, "/api/gyre/deployments/churn/status");
            Assert.Equal("green", status.GetProperty("state").GetProperty("active").GetString());

            var events = await GyreCli.RunAsync("deployments", "events", "churn", "--server", url.ToString());
            Assert.True(events.ExitCode == 0, events.Error);
            Assert.Contains("created", events.Output);
            Assert.Contains("switched", events.Output);
            var listed = await GyreCli.RunAsync("deployments", "list", "--server", url.ToString());
            Assert.Contains("blue_green", listed.Output);
            Assert.Contains("green 100 %", listed.Output);

            var deleted = await GyreCli.RunAsync("deployments", "delete", "churn", "--server", url.ToString());
            Assert.True(deleted.ExitCode == 0, deleted.Error);
            var missing = await GyreCli.RunAsync("deployments", "show", "churn", "--server", url.ToString());
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("Deployment 'churn' does not exist", missing.Error);
            Assert.Equal(0, await server.StopAsync(Ct));
        }
    }

    private static async Task AssertBadSpecsAreRefusedAsync(HttpClient http)
    {
        var cases = new (string Body, HttpStatusCode Status, string Code, string Message)[]
        {
            ("""{"name": "bad", "variants": [{"name": "a", "model_uri": "models:/churn/1"}], "policy": {"kind": "rainbow"}}""",
                HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Unknown traffic policy 'rainbow'"),
            ("""{"name": "bad", "variants": [{"name": "a", "model_uri": "models:/churn/1"}, {"name": "b", "model_uri": "models:/churn/2"}], "policy": {"kind": "canary", "settings": {"candidate": "c"}}}""",
                HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "variant 'c'"),
            ("""{"name": "bad", "variants": [{"name": "a", "model_uri": "models:/churn/9"}]}""",
                HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Variant 'a'"),
            ("""{"name": "bad", "variants": [{"name": "a", "model_uri": "models:/nothing@champion"}]}""",
                HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "nothing"),
            ("""{"name": "bad", "variants": [""", HttpStatusCode.BadRequest, "MALFORMED_REQUEST", "not valid JSON"),
            ("""{"name": "churn", "variants": [{"name": "a", "model_uri": "models:/churn/1"}]}""",
                HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS", "already exists"),
        };
        foreach (var (body, expected, code, message) in cases)
        {
            var (status, error) = await SendAsync(http, HttpMethod.Post, "/api/gyre/deployments", body);
            Assert.True(status == expected, $"{body}: {status} {error}");
            Assert.Equal(code, error.GetProperty("error_code").GetString());
            Assert.Contains(message, error.GetProperty("message").GetString());
        }
        var (badUpdate, updateError) = await SendAsync(http, HttpMethod.Put, "/api/gyre/deployments/churn",
            """{"variants": [{"name": "blue", "model_uri": "models:/churn/1"}, {"name": "purple", "model_uri": "models:/churn/2"}], "policy": {"kind": "blue_green", "settings": {"active": "green"}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, badUpdate);
        Assert.Contains("'green'", updateError.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, "/api/gyre/deployments/bad")).Status);

        var (_, list) = await SendAsync(http, HttpMethod.Get, "/api/gyre/deployments");
        var only = Assert.Single(list.GetProperty("deployments").EnumerateArray());
        Assert.Equal("churn", only.GetProperty("name").GetString());
        Assert.Equal(["blue", "green"], only.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a stopping process: left for the OS to clean.
        }
    }
}
