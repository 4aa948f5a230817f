using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace Gyre.IntegrationTests.Experiments;

/// <summary>A sticky A/B deployment under concurrent HTTP load.</summary>
public class AbTestDeploymentTests
{
    private static readonly (string, string)[] Arms =
        [("a", "gradient_boosting_classifier_binary"), ("b", "logistic_regression_binary")];

    private const string Settings = """{"weights": {"a": 0.7, "b": 0.3}, "salt": "churn-ab-2026", "key_header": "x-user"}""";

    [Fact]
    public async Task AssignmentIsStickyPerKeyAndMatchesTheSplitWithinTolerance()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExperimentServer.StartAsync(ct);
        await server.CreateAsync("churn-ab", Arms, "ab", Settings, ct);
        // A second deployment with the same experiment settings stands for another replica or a restart.
        await server.CreateAsync("churn-ab-replica", Arms, "ab", Settings, ct);

        const int users = 1000;
        var seen = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        // Each user sends three requests, interleaved with everyone else's, 8 at a time, to both replicas.
        var calls = Enumerable.Range(0, users * 3).Select(i => (User: $"user-{i % users}", Deployment: i % 3 == 2 ? "churn-ab-replica" : "churn-ab"));
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (call, token) =>
        {
            var scored = await server.InvokeAsync(call.Deployment, ChurnRows.Body(call.User.GetHashCode() & 127), token, ("x-user", call.User));
            seen.GetOrAdd(call.User, _ => []).Add(scored.Variant);
        });

        Assert.Equal(users, seen.Count);
        Assert.All(seen, user => Assert.Single(user.Value.Distinct()));
        var onB = seen.Count(user => user.Value.First() == "b");
        // Binomial(1000, 0.3): sd = 14.5; 5 sd either side.
        Assert.InRange(onB, 300 - 72, 300 + 72);

        var state = await server.StateAsync("churn-ab", ct);
        var arms = state.GetProperty("arms");
        Assert.Equal(users * 2, arms.GetProperty("a").GetProperty("requests").GetInt64() + arms.GetProperty("b").GetProperty("requests").GetInt64());
        Assert.Equal(0.3, arms.GetProperty("b").GetProperty("share").GetDouble(), 12);
    }

    [Fact]
    public async Task RequestsWithoutAKeyFollowTheSplitAndFeedbackReachesTheArms()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ExperimentServer.StartAsync(ct);
        await server.CreateAsync("churn-ab", Arms, "ab", Settings, ct);

        const int requests = 800;
        var scored = new ConcurrentBag<ExperimentServer.Scored>();
        await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => scored.Add(await server.InvokeAsync("churn-ab", ChurnRows.Body(i % ChurnRows.Count), token)));
        var onB = scored.Count(s => s.Variant == "b");
        // Binomial(800, 0.3): sd = 13; 5 sd either side.
        Assert.InRange(onB, 240 - 65, 240 + 65);

        // Conversions: arm b converts far more often; the status compares the arms with a two-proportion z-test.
        var random = new Random(3);
        var feedback = scored.Select(s => new { request_id = s.RequestId, reward = random.NextDouble() < (s.Variant == "b" ? 0.5 : 0.1) ? 1.0 : 0.0 }).ToArray();
        using var response = await server.Http.PostAsync("/api/gyre/feedback",
            JsonContent.Create(new { feedback }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Contains($"\"accepted\":{requests}", body);

        var state = await server.StateAsync("churn-ab", ct);
        Assert.Equal(onB, state.GetProperty("arms").GetProperty("b").GetProperty("rewards").GetInt64());
        var comparison = state.GetProperty("comparisons").GetProperty("b");
        Assert.Equal("two_proportion_z", comparison.GetProperty("test").GetString());
        Assert.True(comparison.GetProperty("p_value").GetDouble() < 1e-6, comparison.ToString());
        Assert.True(comparison.GetProperty("difference").GetDouble() > 0.2);
    }
}
