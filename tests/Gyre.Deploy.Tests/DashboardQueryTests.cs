using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>
/// A real Prometheus (Debian's package), started with deploy/prometheus/prometheus.yml and alerts.yml pointed at a
/// running scoring server under traffic, evaluates every dashboard query: each must be valid PromQL and return
/// series (only the 5xx ones may be empty, since the server answers no 5xx here).
/// </summary>
public sealed class DashboardQueryTests(LiveServers servers)
{
    private const string PrometheusBinary = "/usr/bin/prometheus";

    [Fact]
    public async Task Prometheus_with_the_shipped_config_answers_every_dashboard_query_with_series()
    {
        var cancel = TestContext.Current.CancellationToken;
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing: scripts/install-test-deps.sh installs Debian's prometheus package.");
        var folder = Directory.CreateTempSubdirectory("gyre-deploy-prometheus-");
        var port = FreePort();
        WriteConfig(folder.FullName, servers.Scoring.Address.Authority);
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary)
        {
            ArgumentList =
            {
                $"--config.file={Path.Combine(folder.FullName, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(folder.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var log = new StringBuilder();
        prometheus.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var load = SendTrafficAsync(traffic.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var failures = new List<string>();
            var queries = DashboardQueries();
            Assert.NotEmpty(queries);
            foreach (var query in queries)
            {
                var mayBeEmpty = query.Contains("code=~\"5..\"", StringComparison.Ordinal) || query.Contains("request_errors", StringComparison.Ordinal);
                var problem = await PollAsync(http, query, mayBeEmpty, cancel);
                if (problem is not null) failures.Add($"{problem}\n  query: {query}");
            }
            string prometheusLog;
            lock (log) prometheusLog = log.ToString();
            Assert.True(failures.Count == 0, string.Join('\n', failures) + "\nPrometheus log tail:\n" + string.Join('\n', prometheusLog.Split('\n').TakeLast(15)));
        }
        finally
        {
            await traffic.CancelAsync();
            await load;
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(CancellationToken.None);
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The shipped files, with the target set to the live server and 1 s intervals so rates exist within seconds.</summary>
    private static void WriteConfig(string folder, string target)
    {
        var config = Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "prometheus", "prometheus.yml"));
        var global = config.Map("global");
        global.Children[new YamlScalarNode("scrape_interval")] = new YamlScalarNode("1s");
        global.Children[new YamlScalarNode("evaluation_interval")] = new YamlScalarNode("1s");
        var job = (YamlMappingNode)config.Seq("scrape_configs").Children.Single();
        var targets = job.Seq("static_configs").Children.Single().Seq("targets");
        targets.Children.Clear();
        targets.Children.Add(new YamlScalarNode(target));
        using (var writer = new StreamWriter(Path.Combine(folder, "prometheus.yml")))
            new YamlStream(new YamlDocument(config)).Save(writer, assignAnchors: false);
        foreach (var rules in config.Seq("rule_files").Strings())
            File.Copy(RepositoryPaths.PathOf("deploy", "prometheus", rules), Path.Combine(folder, rules));
    }

    /// <summary>Scoring requests every 100 ms, so rates and latency quantiles have data in every window.</summary>
    private async Task SendTrafficAsync(CancellationToken ct)
    {
        var row = "[" + string.Join(",", Enumerable.Range(1, 15)) + "]";
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await servers.ScoringHttp.PostAsync("/invocations",
                    new StringContent("{\"instances\":[" + row + "]}", Encoding.UTF8, "application/json"), ct);
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Null once Prometheus answers the query with a numeric series (or validly empty when allowed); else what went wrong.</summary>
    private static async Task<string?> PollAsync(HttpClient http, string query, bool mayBeEmpty, CancellationToken cancel)
    {
        var expression = query.Replace("$__rate_interval", "1m").Replace("$deployment", ".*");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression), cancel);
                last = await response.Content.ReadAsStringAsync(cancel);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // Still starting (plain-text "Service Unavailable" while the TSDB opens).
                    await Task.Delay(500, cancel);
                    continue;
                }
                var root = JsonDocument.Parse(last).RootElement;
                if (root.GetProperty("status").GetString() != "success") return "Prometheus rejected the query: " + last;
                var result = root.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
                if (mayBeEmpty || result.Any(r => r.GetProperty("value")[1].GetString() is not ("NaN" or null))) return null;
            }
            catch (HttpRequestException)
            {
                // Prometheus is not listening yet.
            }
            await Task.Delay(500, cancel);
        }
        return "no series within 60 s; last answer: " + last;
    }

    private static List<string> DashboardQueries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.PathOf("deploy", "grafana", "dashboards", "gyre.json")));
        return document.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .ToList();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
