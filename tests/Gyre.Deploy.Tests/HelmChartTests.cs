using Gyre.Deploy.Tests.Infrastructure;
using Gyre.Deploy.Tests.Infrastructure.Helm;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>What the chart renders with its default values (Helm is not packaged here; see HelmChartRenderer).</summary>
public sealed class HelmChartTests
{
    private readonly IReadOnlyList<(string Template, YamlMappingNode Manifest)> _manifests = DeployAssets.RenderChart();

    [Fact]
    public void Renders_deployment_service_hpa_configmap_and_retraining_cronjob()
    {
        Assert.Equal(["ConfigMap", "CronJob", "Deployment", "HorizontalPodAutoscaler", "Service"],
            _manifests.Select(m => m.Manifest.Str("kind")).Order());
        var hpa = _manifests.Manifest("HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", hpa.Str("apiVersion"));
        Assert.Equal("Deployment", hpa.Map("spec").Map("scaleTargetRef").Str("kind"));
        Assert.Equal(_manifests.Manifest("Deployment").Map("metadata").Str("name"), hpa.Map("spec").Map("scaleTargetRef").Str("name"));
        // With the HPA on, the Deployment leaves the replica count to it.
        Assert.Null(_manifests.Manifest("Deployment").Map("spec").Child("replicas"));
    }

    [Fact]
    public void Postgresql_uri_and_s3_credentials_come_from_the_existing_secrets()
    {
        var container = _manifests.Manifest("Deployment").Map("spec").Map("template").Map("spec").Seq("containers").Children.Single();
        var env = container.Seq("env").Children.ToDictionary(e => e.Str("name"));
        Assert.Equal("gyre-postgresql", env["GYRE_BACKEND_STORE_URI"].Map("valueFrom").Map("secretKeyRef").Str("name"));
        Assert.Equal("gyre-s3", env["AWS_ACCESS_KEY_ID"].Map("valueFrom").Map("secretKeyRef").Str("name"));
        Assert.Equal("gyre-s3", env["AWS_SECRET_ACCESS_KEY"].Map("valueFrom").Map("secretKeyRef").Str("name"));
        var args = container.Seq("args").Strings().ToList();
        Assert.Equal("$(GYRE_BACKEND_STORE_URI)", args[args.IndexOf("--backend-store-uri") + 1]);
        // No credential is written into the rendered manifests themselves.
        Assert.DoesNotContain(_manifests.SelectMany(m => m.Manifest.Descendants()).OfType<YamlScalarNode>(),
            s => s.Value is { } v && v.StartsWith("postgresql://", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_overrides_switch_optional_pieces_and_reach_the_manifests()
    {
        var manifests = DeployAssets.RenderChart(new Dictionary<string, string>
        {
            ["autoscaling.enabled"] = "false",
            ["retraining.enabled"] = "false",
            ["serviceMonitor.enabled"] = "true",
            ["replicaCount"] = "5",
            ["s3.endpointUrl"] = "http://minio:9000",
        });
        Assert.Equal(["ConfigMap", "Deployment", "Service", "ServiceMonitor"], manifests.Select(m => m.Manifest.Str("kind")).Order());
        var deployment = manifests.Manifest("Deployment");
        Assert.Equal("5", deployment.Map("spec").Str("replicas"));
        var env = deployment.Map("spec").Map("template").Map("spec").Seq("containers").Children.Single().Seq("env").Children.ToDictionary(e => e.Str("name"));
        Assert.Equal("http://minio:9000", env["MLFLOW_S3_ENDPOINT_URL"].Str("value"));
    }

    [Fact]
    public void The_cronjob_mounts_the_gate_rules_and_suite_that_the_configmap_holds()
    {
        var configMap = _manifests.Manifest("ConfigMap").Map("data");
        var gates = Yaml.LoadDocuments(configMap.Str("gates.yaml"), "gates.yaml").Single().RootNode;
        Assert.NotEmpty(gates.Seq("gates").Children);
        var suite = Yaml.LoadDocuments(configMap.Str("suite.yaml"), "suite.yaml").Single().RootNode;
        Assert.NotNull(suite.Child("columns"));
        var job = _manifests.Manifest("CronJob").Map("spec").Map("jobTemplate").Map("spec").Map("template").Map("spec");
        var configVolume = job.Seq("volumes").Children.Single(v => v.Str("name") == "config");
        Assert.Equal(_manifests.Manifest("ConfigMap").Map("metadata").Str("name"), configVolume.Map("configMap").Str("name"));
    }

    [Fact]
    public void Templates_outside_the_rendered_subset_fail_instead_of_rendering_wrongly()
    {
        var chart = Directory.CreateTempSubdirectory("gyre-chart-").FullName;
        try
        {
            File.Copy(Path.Combine(DeployAssets.ChartDirectory, "Chart.yaml"), Path.Combine(chart, "Chart.yaml"));
            File.Copy(Path.Combine(DeployAssets.ChartDirectory, "values.yaml"), Path.Combine(chart, "values.yaml"));
            Directory.CreateDirectory(Path.Combine(chart, "templates"));
            File.WriteAllText(Path.Combine(chart, "templates", "x.yaml"), "items:\n{{- range .Values.items }}\n  - {{ . }}\n{{- end }}\n");
            Assert.Throws<NotSupportedException>(() => new HelmChartRenderer(chart));
        }
        finally
        {
            Directory.Delete(chart, recursive: true);
        }
    }
}
