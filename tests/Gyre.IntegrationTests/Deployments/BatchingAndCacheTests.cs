using System.Globalization;
using System.Net;
using System.Text.Json;
using Gyre.IntegrationTests.Client;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Deployments;

/// <summary>
/// Batching and the prediction cache as a user turns them on: flags of <c>gyre deployments create</c> against a real
/// <c>gyre server --serve-models</c> process (settings survive a restart), and flags of <c>gyre serve --model</c>.
/// </summary>
public sealed class BatchingAndCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gyre-batching-" + Guid.NewGuid().ToString("N")[..10]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GyreProcess StartServer() => GyreProcess.Start(["server", "--serve-models", "--port", "0",
        "--backend-store-uri", "sqlite:///" + Path.Combine(_dir, "gyre.db"), "--artifacts-destination", Path.Combine(_dir, "artifacts")]);

    /// <summary>Sends <paramref name="count"/> different single-row requests at once; every one must be answered 200.</summary>
    private static async Task<string[]> BurstAsync(HttpClient http, string path, int count)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            using var response = await http.PostAsync(path, ChurnRequests.Body(i), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return body;
        }, Ct)).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static double Sample(string metrics, string name, string deployment) =>
        metrics.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains($"deployment=\"{deployment}\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 2)..], CultureInfo.InvariantCulture));

    [Fact]
    public async Task Batching_and_cache_set_with_the_cli_work_and_survive_a_server_restart()
    {
        string[] unbatched;
        using (var server = StartServer())
        {
            var url = await server.WaitForServerUrlAsync(Ct);
            using var http = new HttpClient { BaseAddress = url };
            var plain = await GyreCli.RunAsync("deployments", "create", "plain", "--server", url.ToString(), "--variant", "main=" + ChurnRequests.Boosted);
            Assert.True(plain.ExitCode == 0, plain.Error);
            var created = await GyreCli.RunAsync("deployments", "create", "churn", "--server", url.ToString(), "--variant", "main=" + ChurnRequests.Boosted,
                "--max-batch-size", "64", "--max-queue-delay-ms", "20", "--cache-entries", "1000", "--cache-ttl-seconds", "600");
            Assert.True(created.ExitCode == 0, created.Error);
            var refused = await GyreCli.RunAsync("deployments", "update", "churn", "--server", url.ToString(), "--variant", "main=" + ChurnRequests.Boosted,
                "--max-batch-size", "0");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("--max-batch-size must be between 1 and 100000, got 0", refused.Error + refused.Output);

            unbatched = new string[40];
            for (var i = 0; i < unbatched.Length; i++)
            {
                using var response = await http.PostAsync("/deployments/plain/invocations", ChurnRequests.Body(i), Ct);
                unbatched[i] = await response.Content.ReadAsStringAsync(Ct);
            }
            Assert.Equal(unbatched, await BurstAsync(http, "/deployments/churn/invocations", 40));
            Assert.Equal(unbatched, await BurstAsync(http, "/deployments/churn/invocations", 40)); // now from the cache

            var metrics = await http.GetStringAsync("/metrics", Ct);
            var calls = Sample(metrics, "gyre_batch_size_count", "churn");
            Assert.True(calls is > 0 and < 40, $"40 concurrent requests took {calls} model calls");
            Assert.Equal(40, Sample(metrics, "gyre_cache_hits_total", "churn"));
            Assert.Equal(40, Sample(metrics, "gyre_cache_entries", "churn"));
            Assert.Equal(80, Sample(metrics, "gyre_requests_total", "churn"));
            Assert.Equal(0, await server.StopAsync(Ct));
        }

        using (var server = StartServer())
        {
            var url = await server.WaitForServerUrlAsync(Ct);
            using var http = new HttpClient { BaseAddress = url };
            var shown = await GyreCli.RunAsync("deployments", "show", "churn", "--server", url.ToString());
            Assert.True(shown.ExitCode == 0, shown.Error);
            Assert.Contains("batching: 64 rows per model call, 20 ms queue delay", shown.Output);
            Assert.Contains("cache: 1000 entries", shown.Output);

            Assert.Equal(unbatched, await BurstAsync(http, "/deployments/churn/invocations", 40));
            var metrics = await http.GetStringAsync("/metrics", Ct);
            Assert.True(Sample(metrics, "gyre_batch_size_count", "churn") < 40);
            Assert.Equal(40, Sample(metrics, "gyre_cache_misses_total", "churn")); // a fresh process starts with an empty cache

            // Turning both off with an update: still every request answered, now without batches or cache.
            var off = await GyreCli.RunAsync("deployments", "update", "churn", "--server", url.ToString(), "--variant", "main=" + ChurnRequests.Boosted);
            Assert.True(off.ExitCode == 0, off.Error);
            Assert.Equal(unbatched, await BurstAsync(http, "/deployments/churn/invocations", 40));
            var after = await http.GetStringAsync("/metrics", Ct);
            Assert.Equal(Sample(metrics, "gyre_batch_size_count", "churn"), Sample(after, "gyre_batch_size_count", "churn"));
            Assert.Equal(0, Sample(after, "gyre_cache_entries", "churn"));
            var events = await GyreCli.RunAsync("deployments", "events", "churn", "--server", url.ToString(), "--json");
            Assert.Contains("batching changed, cache off", events.Output);
            Assert.Equal(0, await server.StopAsync(Ct));
        }
    }

    [Fact]
    public async Task Serve_model_takes_the_batching_and_cache_flags()
    {
        using var server = GyreProcess.Start(["serve", "--model", ChurnRequests.Boosted, "--name", "churn", "--port", "0",
            "--max-batch-size", "32", "--max-queue-delay-ms", "20", "--cache-entries", "100"]);
        var url = await server.WaitForServerUrlAsync(Ct);
        using var http = new HttpClient { BaseAddress = url };

        var first = await BurstAsync(http, "/invocations", 32);
        Assert.Equal(first, await BurstAsync(http, "/invocations", 32));

        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.True(Sample(metrics, "gyre_batch_size_count", "churn") < 32);
        Assert.Equal(32, Sample(metrics, "gyre_cache_hits_total", "churn"));
        Assert.Equal(0, await server.StopAsync(Ct));
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
