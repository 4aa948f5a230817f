using System.Net;
using System.Text.Json;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>Canaries under real HTTP load against a real Kestrel listener, judged by the host's own evaluation loop.</summary>
public sealed class CanaryUnderLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(DeploymentHost Host, ScoringServer Server)> StartAsync()
    {
        var host = await DeploymentHost.StartAsync(new DeploymentHostOptions
        {
            ModelSource = new FlakyModelSource(),
            EvaluationInterval = TimeSpan.FromMilliseconds(200),
        }, Ct);
        var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, ownsHost: true, cancellationToken: Ct);
        return (host, server);
    }

    private static async Task CreateAsync(HttpClient http, string spec)
    {
        using var response = await http.PostAsync("/api/gyre/deployments", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonElement[]> EventsAsync(HttpClient http, string name)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"/api/gyre/deployments/{name}/events", Ct));
        return document.RootElement.GetProperty("events").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static async Task<JsonElement[]> WaitForEventAsync(HttpClient http, string name, string kind, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = await EventsAsync(http, name);
            if (events.Any(e => e.GetProperty("kind").GetString() == kind) || DateTime.UtcNow > deadline) return events;
            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task A_canary_whose_candidate_fails_5_percent_of_requests_is_rolled_back_by_itself()
    {
        var (host, server) = await StartAsync();
        await using var _ = server;
        using var http = new HttpClient { BaseAddress = server.Address };
        await CreateAsync(http, $$$"""
            {"name": "churn",
             "variants": [{"name": "blue", "model_uri": "{{{ChurnRequests.Boosted}}}"}, {"name": "green", "model_uri": "flaky:0.05:{{{ChurnRequests.Logistic}}}"}],
             "policy": {"kind": "canary", "settings": {"baseline": "blue", "candidate": "green", "stages": [20, 50, 100], "hold_seconds": 4, "epsilon": 0.01, "min_requests": 50, "latency_slo_ms": 0} } }
            """);

        JsonElement[] events;
        await using (var load = new LoadClients(server.Address, "/deployments/churn/invocations", clients: 4))
        {
            events = await WaitForEventAsync(http, "churn", "rolled_back", TimeSpan.FromSeconds(60));
            await load.StopAsync();
            var answers = load.Answers.ToArray();
            var greenFailures = answers.Count(a => a.Variant == "green" && a.Status == HttpStatusCode.InternalServerError);
            Assert.True(greenFailures > 0, "the candidate failed some requests");
            Assert.DoesNotContain(answers, a => a.Variant == "blue" && a.Status != HttpStatusCode.OK);
        }

        var kinds = events.Select(e => e.GetProperty("kind").GetString()).ToArray();
        Assert.Contains("rolled_back", kinds);
        Assert.DoesNotContain("promoted", kinds);
        var rollback = events.First(e => e.GetProperty("kind").GetString() == "rolled_back");
        Assert.True(rollback.GetProperty("evidence").GetProperty("candidate_errors").GetDouble() > 0);
        Assert.Equal(1.0, rollback.GetProperty("shares_after").GetProperty("blue").GetDouble());

        // After the rollback every request is answered by the baseline.
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.PostAsync("/deployments/churn/invocations", ChurnRequests.Body(i), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("blue", response.Headers.GetValues("x-gyre-variant").Single());
        }
        Assert.Equal(0.0, host.Get("churn").Policy.Shares["green"]);
    }

    [Fact]
    public async Task A_healthy_canary_reaches_100_percent_by_itself()
    {
        var (host, server) = await StartAsync();
        await using var _ = server;
        using var http = new HttpClient { BaseAddress = server.Address };
        await CreateAsync(http, $$$"""
            {"name": "churn",
             "variants": [{"name": "blue", "model_uri": "{{{ChurnRequests.Boosted}}}"}, {"name": "green", "model_uri": "{{{ChurnRequests.Logistic}}}"}],
             "policy": {"kind": "canary", "settings": {"stages": [10, 50, 100], "hold_seconds": 1, "min_requests": 20, "latency_slo_ms": 0} } }
            """);

        JsonElement[] events;
        await using (var load = new LoadClients(server.Address, "/invocations", clients: 4))
        {
            events = await WaitForEventAsync(http, "churn", "promoted", TimeSpan.FromSeconds(60));
            await load.StopAsync();
            Assert.All(load.Answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            Assert.Contains(load.Answers, a => a.Variant == "green");
        }
        Assert.Equal(["created", "advanced", "advanced", "promoted"], events.Select(e => e.GetProperty("kind").GetString()));
        // Each decision's evidence carries the candidate's share after it.
        Assert.Equal([50.0, 100, 100], events.Where(e => e.GetProperty("kind").GetString() != "created")
            .Select(e => e.GetProperty("evidence").GetProperty("candidate_percent").GetDouble()));
        Assert.Equal(1.0, host.Get("churn").Policy.Shares["green"]);

        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Contains("gyre_traffic_share{deployment=\"churn\",variant=\"green\"} 1", metrics);
        Assert.Contains("gyre_requests_total{deployment=\"churn\",version=\"logistic_regression_binary\",route=\"/invocations\",code=\"200\"}", metrics);
    }
}
