using System.Net;
using System.Text.RegularExpressions;
using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>
/// Every health check and probe names a route the real server answers with 200: the Dockerfile's HEALTHCHECK,
/// the compose healthchecks of the gyre services, the chart's liveness/readiness/startup probes and the
/// ServiceMonitor's scrape path, each requested from a running GyreServer or ScoringServer.
/// </summary>
public sealed partial class ProbeRouteTests(LiveServers servers)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dockerfile_healthcheck_route_is_served_by_gyre_server()
    {
        var healthcheck = DeployAssets.DockerfileInstructions().Single(i => i.Keyword == "HEALTHCHECK").Arguments;
        var path = SinglePath(healthcheck, 5000);
        await AssertOkAsync(servers.TrackingHttp, path);
    }

    [Fact]
    public async Task Compose_healthchecks_of_gyre_services_are_served()
    {
        var services = DeployAssets.Compose.Map("services");
        var tracking = string.Join(' ', services.Map("gyre").Map("healthcheck").Seq("test").Strings());
        await AssertOkAsync(servers.TrackingHttp, SinglePath(tracking, 5000));
        var scoring = string.Join(' ', services.Map("gyre-serve").Map("healthcheck").Seq("test").Strings());
        await AssertOkAsync(servers.ScoringHttp, SinglePath(scoring, 5001));
    }

    [Fact]
    public async Task Chart_probes_are_served_by_gyre_server()
    {
        var deployment = DeployAssets.RenderChart().Manifest("Deployment");
        var container = (YamlMappingNode)deployment.Map("spec").Map("template").Map("spec").Seq("containers").Children.Single();
        var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => (p, container.Map(p).Map("httpGet"))).ToList();
        Assert.NotNull(container.Child("livenessProbe"));
        Assert.NotNull(container.Child("readinessProbe"));
        var portNames = container.Seq("ports").Children.Select(p => p.Str("name")).ToList();
        foreach (var (name, httpGet) in probes)
        {
            Assert.Contains(httpGet.Str("port"), portNames);
            await AssertOkAsync(servers.TrackingHttp, httpGet.Str("path"));
        }
    }

    [Fact]
    public async Task ServiceMonitor_scrapes_a_path_gyre_serve_answers_with_prometheus_text()
    {
        var monitor = DeployAssets.RenderChart(new Dictionary<string, string> { ["serviceMonitor.enabled"] = "true" }).Manifest("ServiceMonitor");
        var endpoint = monitor.Map("spec").Seq("endpoints").Children.Single();
        using var response = await servers.ScoringHttp.GetAsync(endpoint.Str("path"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE gyre_requests_total counter", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_route_the_server_does_not_have_fails_the_check()
    {
        // The check above can fail: a probe on a route the server lacks gets no 200.
        using var response = await servers.TrackingHttp.GetAsync("/healthz", Cancel);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertOkAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}, not 200");
    }

    /// <summary>The path of the one http://127.0.0.1:PORT/... URL in a health check command.</summary>
    private static string SinglePath(string command, int port)
    {
        var match = Assert.Single(LocalUrl().Matches(command));
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), match.Groups[1].Value);
        return match.Groups[2].Value;
    }

    [GeneratedRegex(@"http://(?:127\.0\.0\.1|localhost):(\d+)(/[^\s""']*)")]
    private static partial Regex LocalUrl();
}
