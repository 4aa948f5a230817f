using System.Text.Json;
using Gyre.Deploy.Tests.Infrastructure;

namespace Gyre.Deploy.Tests;

public sealed class DockerfileTests
{
    private readonly IReadOnlyList<(string Keyword, string Arguments)> _instructions = DeployAssets.DockerfileInstructions();

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime_image()
    {
        var stages = _instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", stages[1], StringComparison.Ordinal);
        Assert.Contains(_instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
        Assert.Contains(_instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/Gyre.Cli/Gyre.Cli.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_stage_runs_as_a_numeric_non_root_user()
    {
        var runtimeStage = _instructions.SkipWhile(i => !(i.Keyword == "FROM" && i.Arguments.Contains("aspnet", StringComparison.Ordinal))).ToList();
        var user = runtimeStage.Last(i => i.Keyword == "USER").Arguments;
        Assert.True(int.TryParse(user.Split(':')[0], out var uid), $"USER {user} is not numeric (Kubernetes' runAsNonRoot needs a uid)");
        Assert.NotEqual(0, uid);
        // The uid the chart's securityContext expects is the image's.
        var values = Yaml.LoadMapping(Path.Combine(DeployAssets.ChartDirectory, "values.yaml"));
        Assert.Equal(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), values.Map("podSecurityContext").Str("runAsUser"));
    }

    [Fact]
    public void Exposes_5000_and_serves_from_a_data_volume_through_gyre()
    {
        Assert.Contains(("EXPOSE", "5000"), _instructions);
        Assert.Contains(_instructions, i => i.Keyword == "VOLUME" && i.Arguments == "/data");
        Assert.Equal(["gyre"], JsonSerializer.Deserialize<string[]>(_instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments)!);
        var command = JsonSerializer.Deserialize<string[]>(_instructions.Single(i => i.Keyword == "CMD").Arguments)!;
        Assert.Equal(["server", "--host", "0.0.0.0", "--port", "5000"], command[..5]);
        Assert.Contains("sqlite:////data/gyre.db", command);
        Assert.Empty(GyreCli.Problems(command));
    }

    [Fact]
    public void The_build_context_ignore_file_keeps_sources_and_drops_build_output()
    {
        // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile for `docker build -f deploy/docker/Dockerfile .`.
        var ignore = File.ReadAllLines(DeployAssets.DockerfilePath + ".dockerignore").Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
        Assert.DoesNotContain(ignore, l => l is "src" or "src/" or "*" or "Directory.Build.props" or "Directory.Packages.props");
        // Every project the publish step builds is copied into the build stage.
        var copied = _instructions.Where(i => i.Keyword == "COPY").Select(i => i.Arguments.Split(' ')[0]).ToHashSet();
        foreach (var project in Directory.EnumerateFiles(RepositoryPaths.PathOf("src"), "*.csproj", SearchOption.AllDirectories))
            Assert.Contains(RepositoryPaths.Relative(project), copied);
    }
}
