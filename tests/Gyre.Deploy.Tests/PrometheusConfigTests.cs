using System.Diagnostics;
using Gyre.Deploy.Tests.Infrastructure;

namespace Gyre.Deploy.Tests;

/// <summary>Prometheus' own checker (promtool, from Debian's prometheus package that scripts/install-test-deps.sh installs) accepts the files.</summary>
public sealed class PrometheusConfigTests
{
    [Fact]
    public void Promtool_accepts_the_scrape_config_and_its_rule_files()
    {
        var (code, output) = Promtool("check", "config", RepositoryPaths.PathOf("deploy", "prometheus", "prometheus.yml"));
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public void Promtool_accepts_the_alert_rules()
    {
        var (code, output) = Promtool("check", "rules", RepositoryPaths.PathOf("deploy", "prometheus", "alerts.yml"));
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Burn_rate_alerts_fire_on_a_failing_deployment_and_stay_quiet_within_budget()
    {
        // deploy/prometheus/alerts_test.yml: synthetic gyre_requests_total / latency series and the expected alerts.
        var (code, output) = Promtool("test", "rules", RepositoryPaths.PathOf("deploy", "prometheus", "alerts_test.yml"));
        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [Fact]
    public void Promtool_rejects_a_rule_with_broken_promql()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gyre-bad-rules-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, "groups:\n  - name: bad\n    rules:\n      - alert: Broken\n        expr: sum(rate(gyre_requests_total[5m])\n");
        try
        {
            Assert.NotEqual(0, Promtool("check", "rules", file).ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Scrape_jobs_target_the_scoring_servers_metrics_path()
    {
        var config = Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "prometheus", "prometheus.yml"));
        var job = Assert.Single(config.Seq("scrape_configs").Children);
        Assert.Equal("gyre-serve", job.Str("job_name"));
        Assert.Equal("/metrics", job.Str("metrics_path"));
        // The compose service of that name listens on the port the target names.
        var target = job.Seq("static_configs").Children.Single().Seq("targets").Strings().Single();
        var service = DeployAssets.Compose.Map("services").Map(target.Split(':')[0]);
        Assert.Contains(target.Split(':')[1], service.Seq("command").Strings());
    }

    private static (int ExitCode, string Output) Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (apt-get install prometheus)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
