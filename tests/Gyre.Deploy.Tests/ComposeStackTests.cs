using System.Text.RegularExpressions;
using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>The compose stack is wired consistently: stores, credentials, bucket, start order and mounted files.</summary>
public sealed partial class ComposeStackTests
{
    private readonly YamlMappingNode _services = DeployAssets.Compose.Map("services");

    [Fact]
    public void Gyre_uses_the_compose_postgresql_and_the_bucket_the_init_container_creates()
    {
        var gyre = _services.Map("gyre");
        var command = gyre.Seq("command").Strings().ToList();
        var backend = command[command.IndexOf("--backend-store-uri") + 1];
        var uri = PostgresUri().Match(backend);
        Assert.True(uri.Success, backend);
        var postgres = _services.Map("postgres").Map("environment");
        Assert.Equal(postgres.Str("POSTGRES_USER"), uri.Groups["user"].Value);
        Assert.Equal(postgres.Str("POSTGRES_PASSWORD"), uri.Groups["password"].Value);
        Assert.Equal(postgres.Str("POSTGRES_DB"), uri.Groups["db"].Value);
        Assert.Equal("postgres", uri.Groups["host"].Value);
        Assert.Equal("15", _services.Map("postgres").Str("image").Split(':')[1]);

        var destination = command[command.IndexOf("--artifacts-destination") + 1];
        Assert.StartsWith("s3://", destination, StringComparison.Ordinal);
        var bucket = destination["s3://".Length..].Split('/')[0];
        var createBucket = string.Join(' ', _services.Map("create-bucket").Seq("command").Strings());
        Assert.Contains($"mc mb --ignore-existing local/{bucket}", createBucket);
    }

    [Fact]
    public void Gyre_reaches_minio_with_its_root_credentials()
    {
        var environment = _services.Map("gyre").Map("environment");
        // The S3 settings come through a YAML merge key (<<: *s3-environment); resolve it as compose does.
        var merged = environment.Child("<<") as YamlMappingNode ?? environment;
        var minio = _services.Map("minio").Map("environment");
        Assert.Equal(minio.Str("MINIO_ROOT_USER"), merged.Str("AWS_ACCESS_KEY_ID"));
        Assert.Equal(minio.Str("MINIO_ROOT_PASSWORD"), merged.Str("AWS_SECRET_ACCESS_KEY"));
        Assert.Equal("http://minio:9000", merged.Str("MLFLOW_S3_ENDPOINT_URL"));
    }

    [Fact]
    public void Gyre_starts_after_postgresql_is_healthy_and_the_bucket_exists()
    {
        var dependsOn = _services.Map("gyre").Map("depends_on");
        Assert.Equal("service_healthy", dependsOn.Map("postgres").Str("condition"));
        Assert.Equal("service_completed_successfully", dependsOn.Map("create-bucket").Str("condition"));
        Assert.Equal("service_healthy", _services.Map("create-bucket").Map("depends_on").Map("minio").Str("condition"));
        foreach (var name in new[] { "postgres", "minio", "gyre", "gyre-serve", "prometheus", "grafana" })
            Assert.NotNull(_services.Map(name).Child("healthcheck"));
    }

    [Fact]
    public void Every_mounted_file_or_folder_of_this_repository_exists()
    {
        var composeDirectory = RepositoryPaths.PathOf("deploy", "compose");
        var mounts = _services.Children.Values.SelectMany(s => (s.Child("volumes") as YamlSequenceNode)?.Strings() ?? [])
            .Select(v => v.Split(':')[0]).Where(source => source.StartsWith("../", StringComparison.Ordinal)).ToList();
        Assert.True(mounts.Count >= 5, $"only {mounts.Count} repository mounts found");
        foreach (var source in mounts)
        {
            var path = Path.GetFullPath(Path.Combine(composeDirectory, source));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"compose mounts {source}, which does not exist");
        }
        var build = _services.Map("gyre").Map("build");
        Assert.True(File.Exists(Path.Combine(composeDirectory, build.Str("context"), build.Str("dockerfile"))));
    }

    [Fact]
    public void Grafana_provisioning_loads_the_dashboard_folder_compose_mounts()
    {
        var volumes = _services.Map("grafana").Seq("volumes").Strings().Select(v => v.Split(':')).ToList();
        var dashboards = volumes.Single(v => v[0] == "../grafana/dashboards")[1];
        var provider = Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "grafana", "provisioning", "dashboards", "gyre.yml"));
        Assert.Equal(dashboards, provider.Seq("providers").Children.Single().Map("options").Str("path"));
        var datasource = Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "grafana", "provisioning", "datasources", "prometheus.yml"));
        Assert.Equal("http://prometheus:9090", datasource.Seq("datasources").Children.Single().Str("url"));
    }

    [GeneratedRegex(@"^postgresql://(?<user>[^:]+):(?<password>\$\{GYRE_DB_PASSWORD:-[^}]+\})@(?<host>[^:/]+):5432/(?<db>\w+)$")]
    private static partial Regex PostgresUri();
}
