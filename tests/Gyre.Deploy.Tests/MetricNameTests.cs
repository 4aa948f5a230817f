using System.Text.Json;
using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>
/// Every metric a Grafana query, alert or recording rule selects is one the real <c>gyre serve</c> exports at
/// /metrics (scraped from a running ScoringServer that has answered requests), a recording rule defined in
/// deploy/prometheus, or Prometheus' own <c>up</c>.
/// </summary>
public sealed class MetricNameTests(LiveServers servers)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly string AlertsPath = RepositoryPaths.PathOf("deploy", "prometheus", "alerts.yml");

    [Fact]
    public async Task Dashboard_queries_name_only_exported_or_recorded_metrics()
    {
        var queries = DashboardQueries().ToList();
        Assert.True(queries.Count >= 15, $"only {queries.Count} queries found in the dashboard");
        await AssertAllKnownAsync(queries, "deploy/grafana/dashboards/gyre.json");
    }

    [Fact]
    public async Task Alert_and_recording_rule_expressions_name_only_exported_or_recorded_metrics()
    {
        var expressions = Rules().Select(r => r.Str("expr")).ToList();
        Assert.NotEmpty(expressions);
        await AssertAllKnownAsync(expressions, "deploy/prometheus/alerts.yml");
    }

    [Fact]
    public void Dashboard_shows_red_latency_quantiles_predictions_and_process_resources()
    {
        var used = DashboardQueries().SelectMany(PromQl.MetricNames).ToHashSet();
        string[] required =
        [
            "gyre_requests_total", "gyre_request_duration_seconds_bucket", "gyre_predictions_total", "gyre_open_connections",
            "process_cpu_seconds_total", "process_resident_memory_bytes", "dotnet_gc_collections_total", "dotnet_gc_heap_size_bytes",
            "dotnet_threadpool_threads", "dotnet_threadpool_queue_length",
        ];
        Assert.All(required, name => Assert.Contains(name, used));
        var quantiles = DashboardQueries().Where(q => q.Contains("histogram_quantile", StringComparison.Ordinal)).ToList();
        foreach (var q in new[] { "0.5", "0.95", "0.99" })
            Assert.Contains(quantiles, e => e.Contains($"histogram_quantile({q},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_metric_the_server_does_not_export_is_reported()
    {
        var exported = await servers.ScrapeScoringMetricsAsync(Cancel);
        var names = PromQl.MetricNames("sum by (deployment) (rate(gyre_requests_errors_total{code=\"500\"}[5m]))");
        Assert.Equal(["gyre_requests_errors_total"], names);
        Assert.DoesNotContain("gyre_requests_errors_total", exported);
    }

    [Theory]
    [InlineData("histogram_quantile(0.99, sum by (le, deployment) (rate(gyre_request_duration_seconds_bucket{deployment=~\"$deployment\"}[$__rate_interval])))", "gyre_request_duration_seconds_bucket")]
    [InlineData("sum(rate(a_total{code=~\"5..\"}[5m])) / sum(rate(a_total[5m])) > (14.4 * 0.001)", "a_total")]
    [InlineData("gyre:request_errors:ratio_rate1h > 0.0144 and on (deployment) b_seconds_count offset 1h", "gyre:request_errors:ratio_rate1h b_seconds_count")]
    [InlineData("label_values(gyre_requests_total, deployment)", "gyre_requests_total")]
    [InlineData("1e3 * rate(process_cpu_seconds_total[1m]) unless up == 0", "process_cpu_seconds_total up")]
    public void PromQl_metric_names_are_found_and_labels_functions_and_keywords_are_not(string expression, string expected)
    {
        Assert.Equal(expected.Split(' ').Order(), PromQl.MetricNames(expression).Order());
    }

    private async Task AssertAllKnownAsync(IEnumerable<string> expressions, string file)
    {
        var exported = await servers.ScrapeScoringMetricsAsync(Cancel);
        Assert.Contains("gyre_request_duration_seconds_bucket", exported); // the scrape saw the histogram's series
        var recorded = Rules().Select(r => r.StrOrNull("record")).OfType<string>().ToHashSet();
        var known = exported.Concat(recorded).Append("up").ToHashSet(StringComparer.Ordinal);
        var unknown = expressions.SelectMany(e => PromQl.MetricNames(e).Select(n => (Name: n, Expression: e)))
            .Where(x => !known.Contains(x.Name)).Select(x => $"{x.Name} in: {x.Expression}").Distinct().ToList();
        Assert.True(unknown.Count == 0, $"{file} names metrics the server does not export:\n" + string.Join('\n', unknown));
    }

    private static IEnumerable<YamlMappingNode> Rules() =>
        Yaml.LoadMapping(AlertsPath).Seq("groups").Children.SelectMany(g => g.Seq("rules").Children).Cast<YamlMappingNode>();

    /// <summary>Every PromQL expression in the dashboard: panel targets (rows included) and template variable queries.</summary>
    private static IEnumerable<string> DashboardQueries()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.PathOf("deploy", "grafana", "dashboards", "gyre.json")));
        var queries = new List<string>();
        void Panels(JsonElement panels)
        {
            foreach (var panel in panels.EnumerateArray())
            {
                if (panel.TryGetProperty("targets", out var targets))
                    queries.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
                if (panel.TryGetProperty("panels", out var nested)) Panels(nested);
            }
        }
        Panels(document.RootElement.GetProperty("panels"));
        foreach (var variable in document.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
            if (variable.GetProperty("type").GetString() == "query")
                queries.Add(variable.GetProperty("query") is { ValueKind: JsonValueKind.Object } q ? q.GetProperty("query").GetString()! : variable.GetProperty("query").GetString()!);
        return queries;
    }
}
