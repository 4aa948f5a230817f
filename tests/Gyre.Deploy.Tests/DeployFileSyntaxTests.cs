using System.Text.Json;
using Gyre.Deploy.Tests.Infrastructure;

namespace Gyre.Deploy.Tests;

/// <summary>Every YAML and JSON file under deploy/ parses; files are found by globbing, so a new broken file fails.</summary>
public sealed class DeployFileSyntaxTests
{
    public static TheoryData<string> YamlFiles() => new(DeployAssets.Files(".yml", ".yaml").Select(RepositoryPaths.Relative));

    public static TheoryData<string> JsonFiles() => new(DeployAssets.Files(".json").Select(RepositoryPaths.Relative));

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Yaml_file_parses_into_at_least_one_document(string file)
    {
        var documents = Yaml.LoadDocuments(File.ReadAllText(RepositoryPaths.PathOf(file)), file);
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.IsType<YamlDotNet.RepresentationModel.YamlMappingNode>(d.RootNode));
    }

    [Theory]
    [MemberData(nameof(JsonFiles))]
    public void Json_file_parses(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.PathOf(file)));
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void The_globs_find_the_assets_and_every_helm_template_renders_to_yaml()
    {
        // The theories above are only as good as the globs: they must see the known assets.
        var yaml = DeployAssets.Files(".yml", ".yaml").Select(RepositoryPaths.Relative).ToList();
        Assert.Contains("deploy/compose/docker-compose.yml", yaml);
        Assert.Contains("deploy/prometheus/alerts.yml", yaml);
        Assert.Contains("deploy/helm/gyre/values.yaml", yaml);
        Assert.Contains("deploy/github-actions/gyre-train-gate.yml", yaml);
        Assert.Contains("deploy/grafana/dashboards/gyre.json", DeployAssets.Files(".json").Select(RepositoryPaths.Relative));
        Assert.DoesNotContain(yaml, f => f.Contains("/templates/", StringComparison.Ordinal));

        // Every template file is rendered (with the optional pieces switched on) and parses as YAML.
        var templates = Directory.EnumerateFiles(Path.Combine(DeployAssets.ChartDirectory, "templates"), "*.yaml").Select(Path.GetFileName).ToHashSet();
        var rendered = DeployAssets.RenderChart(new Dictionary<string, string> { ["serviceMonitor.enabled"] = "true" }).Select(m => m.Template).ToHashSet();
        Assert.Equal(templates.Order(), rendered.Order());
    }

    [Fact]
    public void A_broken_yaml_file_is_reported_with_its_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => Yaml.LoadDocuments("a: [1, 2\nb: c\n", "deploy/broken.yml"));
        Assert.Contains("deploy/broken.yml", error.Message);
    }
}
