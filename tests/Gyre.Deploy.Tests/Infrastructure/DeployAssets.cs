using Gyre.Deploy.Tests.Infrastructure.Helm;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>The files under deploy/, loaded the way their tools load them.</summary>
public static class DeployAssets
{
    public static string ChartDirectory => RepositoryPaths.PathOf("deploy", "helm", "gyre");

    /// <summary>Every file under deploy/ whose name ends with one of <paramref name="extensions"/> (Helm templates excluded).</summary>
    public static IReadOnlyList<string> Files(params string[] extensions) =>
        Directory.EnumerateFiles(RepositoryPaths.Deploy, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(f => !IsHelmTemplate(f))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Files under a Helm chart's templates/ folder, which are Go templates and become YAML only once rendered.</summary>
    public static bool IsHelmTemplate(string path) =>
        RepositoryPaths.Relative(path).Split('/') is var parts && parts.Length > 2 && parts[0] == "deploy" && parts[1] == "helm" && parts.Contains("templates");

    /// <summary>The chart rendered with its default values (plus <paramref name="overrides"/>), one YAML mapping per object.</summary>
    public static IReadOnlyList<(string Template, YamlMappingNode Manifest)> RenderChart(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var manifests = new List<(string, YamlMappingNode)>();
        foreach (var (file, text) in new HelmChartRenderer(ChartDirectory, "gyre", overrides).Render())
            foreach (var document in Yaml.LoadDocuments(text, $"deploy/helm/gyre/templates/{file} (rendered)"))
                if (document.RootNode is YamlMappingNode manifest) manifests.Add((file, manifest));
                else if (document.RootNode is not YamlScalarNode { Value: null or "" })
                    throw new InvalidDataException($"templates/{file} rendered a document that is not a mapping");
        return manifests;
    }

    public static YamlMappingNode Manifest(this IReadOnlyList<(string Template, YamlMappingNode Manifest)> manifests, string kind) =>
        manifests.Where(m => m.Manifest.StrOrNull("kind") == kind).Select(m => m.Manifest).SingleOrDefault()
            ?? throw new InvalidDataException($"the rendered chart has no (or several) {kind}");

    public static YamlMappingNode Compose => Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "compose", "docker-compose.yml"));

    public static YamlMappingNode Workflow => Yaml.LoadMapping(RepositoryPaths.PathOf("deploy", "github-actions", "gyre-train-gate.yml"));

    public static string DockerfilePath => RepositoryPaths.PathOf("deploy", "docker", "Dockerfile");

    /// <summary>The Dockerfile's instructions (continuation lines joined, comments dropped) as (keyword, arguments).</summary>
    public static IReadOnlyList<(string Keyword, string Arguments)> DockerfileInstructions()
    {
        var joined = File.ReadAllText(DockerfilePath).Replace("\\\n", " ");
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2) is var p ? (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : "") : default)
            .ToList();
    }
}
