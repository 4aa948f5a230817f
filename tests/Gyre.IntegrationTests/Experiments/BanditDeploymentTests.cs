using System.Net;
using System.Net.Http.Json;

namespace Gyre.IntegrationTests.Experiments;

/// <summary>A bandit deployment learning from rewards posted to /api/gyre/feedback.</summary>
public class BanditDeploymentTests
{
    [Fact]
    public async Task ABanditFedRewardsThroughTheFeedbackApiMovesTrafficToTheBetterArm()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExperimentServer.StartAsync(ct);
        await server.CreateAsync("churn-bandit",
            [("a", "gradient_boosting_classifier_binary"), ("b", "logistic_regression_binary")], "bandit", """{"seed": 7}""", ct);

        // The business outcome each arm earns: b converts 60 % of the time, a 15 %.
        var outcomes = new Random(11);
        double Reward(string arm) => outcomes.NextDouble() < (arm == "b" ? 0.6 : 0.15) ? 1 : 0;

        var early = new Dictionary<string, int>();
        for (var round = 0; round < 30; round++)
        {
            var batch = new List<object>();
            for (var i = 0; i < 20; i++)
            {
                var scored = await server.InvokeAsync("churn-bandit", ChurnRows.Body((round * 20 + i) % ChurnRows.Count), ct);
                if (round < 3) early[scored.Variant] = early.GetValueOrDefault(scored.Variant) + 1;
                batch.Add(new { request_id = scored.RequestId, reward = Reward(scored.Variant) });
            }
            using var response = await server.Http.PostAsJsonAsync("/api/gyre/feedback", new { feedback = batch }, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.True(early.GetValueOrDefault("a") > 5, $"the bandit explored both arms at first: {string.Join(", ", early)}");

        var late = 0;
        for (var i = 0; i < 200; i++)
        {
            var scored = await server.InvokeAsync("churn-bandit", ChurnRows.Body(i % ChurnRows.Count), ct);
            if (scored.Variant == "b") late++;
        }
        Assert.True(late > 170, $"only {late} of the last 200 requests went to the better arm");

        var state = await ExperimentServer.EventuallyAsync(() => server.StateAsync("churn-bandit", ct),
            s => s.GetProperty("leader").ValueKind == System.Text.Json.JsonValueKind.String, "the bandit to name a leader", ct);
        Assert.Equal("b", state.GetProperty("leader").GetString());
        Assert.Equal(600, state.GetProperty("total_rewards").GetInt64());
        var status = await server.GetJsonAsync("/api/gyre/deployments/churn-bandit/status", ct);
        Assert.True(status.GetProperty("shares").GetProperty("b").GetDouble() > 0.9, status.GetProperty("shares").ToString());

        var events = await server.EventsAsync("churn-bandit", ct);
        var shifted = events.Last(e => e.GetProperty("kind").GetString() == "shifted");
        Assert.Contains("arm 'b'", shifted.GetProperty("reason").GetString());
        var evidence = shifted.GetProperty("evidence");
        Assert.True(evidence.GetProperty("b.posterior_mean").GetDouble() > evidence.GetProperty("a.posterior_mean").GetDouble());

        // Feedback for a request nobody served is refused with a clear message.
        using var unknown = await server.Http.PostAsJsonAsync("/api/gyre/feedback", new { request_id = "no-such-request", reward = 1 }, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await unknown.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.GetProperty("error_code").GetString());
        Assert.Contains("'no-such-request' is unknown or expired", error.GetProperty("message").GetString());
    }
}
