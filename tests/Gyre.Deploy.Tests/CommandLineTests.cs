using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>
/// Every <c>gyre</c> command line in the assets names a real verb and real flags, checked against the help of
/// the real gyre (built beside these tests): the workflow's steps, the retraining CronJob, the compose services,
/// the chart's server container and the Dockerfile's default command.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Workflow_steps_run_real_gyre_verbs_with_real_flags()
    {
        var steps = DeployAssets.Workflow.Map("jobs").Children.Values.SelectMany(job => job.Seq("steps").Children);
        var invocations = steps.Select(s => s.StrOrNull("run")).OfType<string>().SelectMany(ShellCommands.GyreInvocations).ToList();
        AssertVerbsUsed(invocations, "validate", "train", "gate", "models alias");
        AssertAllValid(invocations, "deploy/github-actions/gyre-train-gate.yml");
    }

    [Fact]
    public void Retraining_cronjob_runs_real_gyre_verbs_with_real_flags()
    {
        var invocations = ShellCommands.GyreInvocations(RetrainingScript());
        AssertVerbsUsed(invocations, "validate", "train", "gate", "models alias");
        AssertAllValid(invocations, "deploy/helm/gyre/templates/cronjob-retrain.yaml");
    }

    [Fact]
    public void Compose_services_and_the_chart_server_container_run_real_gyre_command_lines()
    {
        var services = DeployAssets.Compose.Map("services");
        var gyreServices = services.Children.Where(s => s.Value.StrOrNull("image") == "gyre:local").ToList();
        Assert.Equal(["gyre", "gyre-serve"], gyreServices.Select(s => ((YamlScalarNode)s.Key).Value).Order());
        var lines = gyreServices.Select(s => (IReadOnlyList<string>)s.Value.Seq("command").Strings().ToList()).ToList();
        var deployment = DeployAssets.RenderChart().Manifest("Deployment");
        var container = deployment.Map("spec").Map("template").Map("spec").Seq("containers").Children.Single();
        lines.Add(container.Seq("args").Strings().ToList());
        AssertVerbsUsed(lines, "server", "serve");
        AssertAllValid(lines, "deploy/compose/docker-compose.yml and the chart's Deployment");
    }

    [Theory]
    [InlineData("train --datta x.csv --target y", "has no option --datta")]
    [InlineData("retrain --data x.csv", "names no gyre verb")]
    [InlineData("models --tracking-uri http://x", "needs a sub-command")]
    [InlineData("models alias m champion 3 --force", "has no option --force")]
    public void A_wrong_verb_or_flag_is_reported(string commandLine, string expected)
    {
        var problems = GyreCli.Problems(commandLine.Split(' '));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    internal static string RetrainingScript()
    {
        var cronJob = DeployAssets.RenderChart().Manifest("CronJob");
        var container = cronJob.Map("spec").Map("jobTemplate").Map("spec").Map("template").Map("spec").Seq("containers").Children.Single();
        Assert.Equal(["/bin/bash", "-c"], container.Seq("command").Strings());
        return container.Seq("args").Strings().Single();
    }

    private static void AssertVerbsUsed(IReadOnlyList<IReadOnlyList<string>> invocations, params string[] verbs)
    {
        foreach (var verb in verbs)
            Assert.Contains(invocations, i => string.Join(' ', i).StartsWith(verb + " ", StringComparison.Ordinal));
    }

    private static void AssertAllValid(IReadOnlyList<IReadOnlyList<string>> invocations, string source)
    {
        var problems = invocations.SelectMany(GyreCli.Problems).ToList();
        Assert.True(problems.Count == 0, $"{source}:\n" + string.Join('\n', problems));
    }
}
