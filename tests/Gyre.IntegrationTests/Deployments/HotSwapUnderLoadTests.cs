using System.Net;
using System.Text;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>Model updates through the API while several clients keep scoring: nothing fails, and the new version answers.</summary>
public sealed class HotSwapUnderLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Swapping_models_under_continuous_load_drops_nothing()
    {
        var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { RetiredModelGrace = TimeSpan.FromSeconds(15) }, Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, ownsHost: true, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        string Spec(string model) => $$$"""{"variants": [{"name": "main", "model_uri": "{{{model}}}"}], "policy": {"kind": "single"}}""";
        using (var created = await http.PostAsync("/api/gyre/deployments", new StringContent(Spec(ChurnRequests.Boosted).Replace("{\"variants", "{\"name\": \"churn\", \"variants"), Encoding.UTF8, "application/json"), Ct))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var swappedAt = new List<(DateTimeOffset Sent, DateTimeOffset At, string Version)>();
        await using (var load = new LoadClients(server.Address, "/deployments/churn/invocations", clients: 6))
        {
            await Task.Delay(700, Ct);
            // Back and forth, so every swap also retires (and later disposes) the previous models.
            foreach (var (model, version) in new[]
                     {
                         (ChurnRequests.Logistic, "logistic_regression_binary"), (ChurnRequests.Boosted, "gradient_boosting_classifier_binary"),
                         (ChurnRequests.Logistic, "logistic_regression_binary"),
                     })
            {
                var sent = DateTimeOffset.UtcNow;
                using var response = await http.PutAsync("/api/gyre/deployments/churn", new StringContent(Spec(model), Encoding.UTF8, "application/json"), Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                swappedAt.Add((sent, DateTimeOffset.UtcNow, version));
                await Task.Delay(2500, Ct);
            }
            await load.StopAsync();

            var answers = load.Answers.ToArray();
            Assert.True(answers.Length > 200, $"only {answers.Length} requests were made");
            Assert.DoesNotContain(answers, a => a.Status != HttpStatusCode.OK);
            // Once an update has returned, every request sent afterwards and answered before the next update was sent
            // gets the new version. (One answered later may rightly come from the next version already.)
            for (var s = 0; s < swappedAt.Count; s++)
            {
                var from = swappedAt[s].At;
                var until = s + 1 < swappedAt.Count ? swappedAt[s + 1].Sent : DateTimeOffset.MaxValue;
                var window = answers.Where(a => a.At > from && a.Answered < until).ToArray();
                Assert.NotEmpty(window);
                var stale = window.Where(a => a.Version != swappedAt[s].Version).ToArray();
                Assert.True(stale.Length == 0, $"swap {s} returned at {swappedAt[s].At:HH:mm:ss.ffffff}; stale answers sent at {string.Join(", ", stale.Select(a => a.At.ToString("HH:mm:ss.ffffff")))}");
            }
        }
        var events = await host.GetEventsAsync("churn", ct: Ct);
        Assert.Equal(["created", "swapped", "swapped", "swapped"], events.Select(e => e.Kind));
    }
}
