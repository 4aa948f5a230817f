using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gyre.Serving.Tests.Hosting;

/// <summary>A real Prometheus (Debian's package) scrapes the scoring server, and its query API returns Gyre's series.</summary>
public sealed class PrometheusScrapeTests(ScoringServerFixture fixture) : IClassFixture<ScoringServerFixture>
{
    private const string PrometheusBinary = "/usr/bin/prometheus";

    [Fact]
    public async Task PrometheusScrapesRedMetricsAndAnswersQueries()
    {
        var cancel = TestContext.Current.CancellationToken;
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: scripts/install-test-deps.sh installs Debian's prometheus package.");
        var folder = Directory.CreateTempSubdirectory("gyre-prometheus-");
        var port = FreePort();
        var config = Path.Combine(folder.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: gyre
                metrics_path: /metrics
                static_configs:
                  - targets: ["{fixture.Server.Address.Authority}"]
            """, cancel);
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary)
        {
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var body = new StringContent("{\"instances\":[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]]}", Encoding.UTF8, "application/json");
            for (var i = 0; i < 5; i++) (await fixture.Http.PostAsync("/invocations", body, cancel)).EnsureSuccessStatusCode();

            var series = await PollAsync(http, "gyre_requests_total{deployment=\"churn\",code=\"200\"}", cancel);
            var metric = series[0].GetProperty("metric");
            Assert.Equal("gyre", metric.GetProperty("job").GetString());
            Assert.Equal("/invocations", metric.GetProperty("route").GetString());
            Assert.True(double.Parse(series[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 5);

            var quantile = await PollAsync(http, "histogram_quantile(0.99, sum by (le) (gyre_request_duration_seconds_bucket{deployment=\"churn\"}))", cancel);
            Assert.Single(quantile);
            var up = await PollAsync(http, "up{job=\"gyre\"}", cancel);
            Assert.Equal("1", up[0].GetProperty("value")[1].GetString());
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Queries until Prometheus has scraped enough to answer (it scrapes every second here).</summary>
    private static async Task<JsonElement[]> PollAsync(HttpClient http, string query, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query), cancel);
                var result = JsonDocument.Parse(last).RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(e => e.Clone()).ToArray();
                if (result.Length > 0 && result[0].GetProperty("value")[1].GetString() != "NaN") return result;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500, cancel);
        }
        throw new TimeoutException($"Prometheus never answered '{query}' with a series; last answer: {last}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
