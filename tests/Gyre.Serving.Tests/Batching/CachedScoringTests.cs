using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Gyre.Core.Testing;
using Gyre.Serving.Caching;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using Gyre.Tracking;
using static Gyre.Serving.Tests.Batching.BatchingTestKit;

namespace Gyre.Serving.Tests.Batching;

/// <summary>The prediction cache through the real scoring server: repeated inputs are answered with the same bytes, counted, observed and invalidated by a swap.</summary>
public sealed class CachedScoringTests : IDisposable
{
    private static readonly PredictionCacheOptions Cache = new() { MaxEntries = 100, TimeToLive = TimeSpan.FromMinutes(5) };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gyre-cache-" + Guid.NewGuid().ToString("N")[..10]);

    public CachedScoringTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeploymentSpec Spec(string model, PredictionCacheOptions? cache, string policy = "single", params (string Name, string Uri)[] more) =>
        new("churn", [new VariantSpec("main", model), .. more.Select(m => new VariantSpec(m.Name, m.Uri))],
            new PolicySpec(policy, default), Cache: cache, Batching: null);

    private static async Task<(HttpStatusCode Status, string Body, string Version)> PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, Json(body), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct), response.Headers.GetValues("x-gyre-model-version").Single());
    }

    [Fact]
    public async Task A_repeated_input_is_answered_from_the_cache_with_the_same_bytes_and_still_counted_and_observed()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var seen = new BatchedScoringTests.Recorder();
        host.AddObserver(seen);
        await host.CreateAsync(Spec(Boosted, Cache), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        var first = await PostAsync(http, "/deployments/churn/invocations", Split(0, 3));
        var again = await PostAsync(http, "/deployments/churn/invocations", Split(0, 3));
        var other = await PostAsync(http, "/deployments/churn/invocations", Split(1, 3));
        var inferFirst = await PostAsync(http, "/v2/models/churn/infer", Infer(0, 2));
        var inferAgain = await PostAsync(http, "/v2/models/churn/infer", Infer(0, 2));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.NotEqual(first.Body, other.Body);
        Assert.Equal(HttpStatusCode.OK, inferAgain.Status);
        Assert.Equal(inferFirst.Body, inferAgain.Body);
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Equal(2, Sample(metrics, "gyre_cache_hits_total", "deployment=\"churn\"", "version=\"gradient_boosting_classifier_binary\""));
        Assert.Equal(3, Sample(metrics, "gyre_cache_misses_total", "deployment=\"churn\""));
        Assert.Equal(3, Sample(metrics, "gyre_cache_entries", "deployment=\"churn\"", "version=\"gradient_boosting_classifier_binary\""));
        Assert.True(Sample(metrics, "gyre_cache_bytes", "deployment=\"churn\"") >= first.Body.Length + other.Body.Length);
        Assert.Equal(5, Sample(metrics, "gyre_requests_total", "deployment=\"churn\"", "code=\"200\""));
        Assert.Equal(3 + 3 + 2, Sample(metrics, "gyre_rows_scored_total", "deployment=\"churn\"")); // hits are not scored
        Assert.Equal(5, host.GetStatus("churn").Variants.Single().Requests);

        // Observers see every request, hits included, with its own id, its rows and the cached outputs.
        Assert.Equal(5, seen.Scored.Count);
        Assert.Equal(5, seen.Scored.Select(s => s.RequestId).Distinct().Count());
        var hit = seen.Scored.ElementAt(1);
        Assert.Equal(Churn.FeatureNames, hit.Inputs!.ColumnNames);
        Assert.Equal(3, hit.Inputs.RowCount);
        Assert.Equal(seen.Scored.ElementAt(0).Outputs!["label"].As<long>(), hit.Outputs!["label"].As<long>());
        Assert.Equal(2, seen.Scored.ElementAt(4).Inputs!.RowCount);
    }

    [Fact]
    public async Task A_version_swap_invalidates_cached_answers_and_settings_persist_across_a_restart()
    {
        var uri = $"sqlite:///{Path.Combine(_dir, "cache.db")}";
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, ct: Ct))
        await using (var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, EvaluationInterval = TimeSpan.Zero }, Ct))
        {
            await host.CreateAsync(Spec(Boosted, Cache), Ct);
            await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
            using var http = new HttpClient { BaseAddress = server.Address };
            var boosted = await PostAsync(http, "/invocations", Split(0, 20));
            Assert.Equal(boosted.Body, (await PostAsync(http, "/invocations", Split(0, 20))).Body);

            await host.UpdateAsync(Spec(Logistic, Cache), Ct);
            var logistic = await PostAsync(http, "/invocations", Split(0, 20));
            Assert.Equal("logistic_regression_binary", logistic.Version);
            Assert.NotEqual(boosted.Body, logistic.Body);
            var metrics = await http.GetStringAsync("/metrics", Ct);
            Assert.Equal(1, Sample(metrics, "gyre_cache_misses_total", "version=\"logistic_regression_binary\""));
            Assert.Equal(logistic.Body, (await PostAsync(http, "/invocations", Split(0, 20))).Body);
        }
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, ct: Ct))
        await using (var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { Store = store, EvaluationInterval = TimeSpan.Zero }, Ct))
        {
            Assert.Empty(host.LoadErrors);
            Assert.Equal(Cache, host.Get("churn").Spec.Cache);
        }
    }

    [Fact]
    public async Task Shadow_mirrors_still_score_requests_the_primary_answered_from_the_cache()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        var seen = new BatchedScoringTests.Recorder();
        host.AddObserver(seen);
        await host.CreateAsync(Spec(Boosted, Cache, "shadow", ("candidate", Logistic)), Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };

        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, "/deployments/churn/invocations", Split(0, 2))).Status);
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(http, "/v2/models/churn/infer", Infer(0, 2))).Status);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Scored.Count(s => s.Mirrored) < 8 && DateTime.UtcNow < deadline) await Task.Delay(10, Ct);
        var mirrored = seen.Scored.Where(s => s.Mirrored).ToArray();
        Assert.Equal(8, mirrored.Length);
        Assert.All(mirrored, m => Assert.Equal((200, "candidate", 2), (m.StatusCode, m.Variant, m.Outputs!["label"].Dim(0))));
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Equal(6, Sample(metrics, "gyre_cache_hits_total", "deployment=\"churn\""));
    }

    [Theory]
    [InlineData("""{"max_batch_size": 0}""", null, "max_batch_size must be between 1 and 100000, got 0")]
    [InlineData("""{"max_batch_size": 2.5}""", null, "max_batch_size must be a whole number")]
    [InlineData("""{"max_queue_delay_ms": -1}""", null, "max_queue_delay_ms must be between 0 and 1000, got -1")]
    [InlineData("""{"max_batch": 8}""", null, "unknown field 'max_batch' in 'batching'")]
    [InlineData("""[32]""", null, "'batching' must be an object")]
    [InlineData(null, """{"max_entries": 0}""", "cache max_entries must be between 1")]
    [InlineData(null, """{"ttl_seconds": "300"}""", "cache ttl_seconds must be a number")]
    [InlineData(null, """{"max_bytes": -5}""", "cache max_bytes must be between 1")]
    [InlineData(null, """{"entries": 5}""", "unknown field 'entries' in 'cache'")]
    public async Task Bad_batching_and_cache_settings_are_refused_with_400_naming_the_field(string? batching, string? cache, string message)
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        var extra = (batching is null ? "" : ", \"batching\": " + batching) + (cache is null ? "" : ", \"cache\": " + cache);
        var spec = "{\"name\": \"churn\", \"variants\": [{\"name\": \"main\", \"model_uri\": " + JsonSerializer.Serialize(Boosted) + "}]" + extra + "}";

        using var response = await http.PostAsync("/api/gyre/deployments", Json(spec), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("INVALID_PARAMETER_VALUE", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains(message, error.RootElement.GetProperty("message").GetString());
        Assert.Empty(host.Deployments);
    }

    [Fact]
    public async Task Settings_round_trip_through_the_api_per_deployment_and_per_variant()
    {
        await using var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { EvaluationInterval = TimeSpan.Zero }, Ct);
        await using var server = await ScoringServer.StartAsync(host, new ScoringServerOptions { Port = 0 }, cancellationToken: Ct);
        using var http = new HttpClient { BaseAddress = server.Address };
        var spec = $$$"""
            {"name": "churn",
             "variants": [{"name": "a", "model_uri": {{{JsonSerializer.Serialize(Boosted)}}}},
                          {"name": "b", "model_uri": {{{JsonSerializer.Serialize(Logistic)}}}, "batching": {"max_batch_size": 1}}],
             "policy": "split",
             "batching": {"max_batch_size": 16, "max_queue_delay_ms": 0.5},
             "cache": {"max_entries": 50, "ttl_seconds": 60}}
            """;
        using (var created = await http.PostAsync("/api/gyre/deployments", Json(spec), Ct))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var shown = JsonDocument.Parse(await http.GetStringAsync("/api/gyre/deployments/churn", Ct));
        var root = shown.RootElement;
        Assert.Equal(16, root.GetProperty("batching").GetProperty("max_batch_size").GetInt32());
        Assert.Equal(0.5, root.GetProperty("batching").GetProperty("max_queue_delay_ms").GetDouble());
        Assert.Equal(50, root.GetProperty("cache").GetProperty("max_entries").GetInt32());
        Assert.Equal(60, root.GetProperty("cache").GetProperty("ttl_seconds").GetDouble());
        Assert.Equal(1, root.GetProperty("variants")[1].GetProperty("batching").GetProperty("max_batch_size").GetInt32());
        var parsed = DeploymentJson.ParseSpec(DeploymentJson.Serialize(host.Get("churn").Spec));
        Assert.Equal(host.Get("churn").Spec.Batching, parsed.Batching);
        Assert.Equal(host.Get("churn").Spec.Cache, parsed.Cache);
        Assert.Null(DeploymentSnapshot.EffectiveBatching(parsed, "b"));
        Assert.Equal(16, DeploymentSnapshot.EffectiveBatching(parsed, "a")!.MaxBatchSize);
    }
}
