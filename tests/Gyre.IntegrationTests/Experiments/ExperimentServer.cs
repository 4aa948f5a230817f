using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;

namespace Gyre.IntegrationTests.Experiments;

/// <summary>A deployment host behind a real Kestrel listener on a free loopback port, and an HTTP client for it.</summary>
internal sealed class ExperimentServer : IAsyncDisposable
{
    private ExperimentServer(ScoringServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.Address };
    }

    public ScoringServer Server { get; }

    public HttpClient Http { get; }

    public static string ModelPath(string model) => SharedData.PathOf("reference", "models", "onnx", "sklearn", model, "model.onnx");

    public static async Task<ExperimentServer> StartAsync(CancellationToken ct)
    {
        var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.FromMilliseconds(200) }, ct);
        var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, ownsHost: true, ct);
        return new ExperimentServer(server);
    }

    /// <summary>Creates a deployment through <c>POST /api/gyre/deployments</c>.</summary>
    public async Task CreateAsync(string name, (string Variant, string Model)[] variants, string kind, string settingsJson, CancellationToken ct)
    {
        var spec = new
        {
            name,
            variants = variants.Select(v => new { name = v.Variant, model_uri = ModelPath(v.Model) }),
            policy = new { kind, settings = JsonDocument.Parse(settingsJson).RootElement },
        };
        using var response = await Http.PostAsJsonAsync("/api/gyre/deployments", spec, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public async Task<Scored> InvokeAsync(string deployment, string body, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/deployments/{deployment}/invocations")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return new Scored(response.Headers.GetValues("x-gyre-request-id").Single(), response.Headers.GetValues("x-gyre-variant").Single(), text);
    }

    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken ct)
    {
        using var response = await Http.GetAsync(path, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The policy's Status() as the API shows it.</summary>
    public async Task<JsonElement> StateAsync(string deployment, CancellationToken ct) =>
        (await GetJsonAsync($"/api/gyre/deployments/{deployment}/status", ct)).GetProperty("state");

    public async Task<JsonElement[]> EventsAsync(string deployment, CancellationToken ct) =>
        (await GetJsonAsync($"/api/gyre/deployments/{deployment}/events", ct)).GetProperty("events").EnumerateArray().ToArray();

    /// <summary>Polls until <paramref name="done"/> holds (the background evaluation and mirrors run on their own time).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}; last seen: {value}");
            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    public sealed record Scored(string RequestId, string Variant, string Body);
}
