using System.Text.Json;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>
/// A third-party MLflow client, the npm package <c>mlflow</c> (2.0.7), unmodified, against a running Gyre
/// server: experiment, run, logging, search, registration and a stage transition.
/// </summary>
public sealed class NpmMlflowClientTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    [Fact]
    public async Task The_npm_mlflow_client_runs_the_whole_flow()
    {
        var script = RepositoryPaths.PathOf("tests", "Gyre.IntegrationTests", "Tracking", "npm", "mlflow-client-flow.js");
        var endpoint = server.Server.BaseAddress.ToString().TrimEnd('/');
        var outcome = await NodeScript.RunAsync(script, [endpoint], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.True(outcome.ExitCode == 0, $"node exited {outcome.ExitCode}: {outcome.StandardError}\n{outcome.StandardOutput}");

        var line = outcome.StandardOutput.Split('\n').Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        var result = JsonDocument.Parse(line["RESULT ".Length..]).RootElement;
        var runId = result.GetProperty("run_id").GetString()!;
        Assert.Equal("FINISHED", result.GetProperty("status").GetString());
        Assert.Equal([1.0, 0.5, 1.0 / 3], result.GetProperty("loss_history").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([runId], result.GetProperty("searched_run_ids").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("Production", result.GetProperty("stage").GetString());
        Assert.Equal(["1"], result.GetProperty("latest_production").EnumerateArray().Select(v => v.GetString()));

        // What the client wrote is what the server now holds.
        var run = (await server.Api.OkAsync(server.Api.GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");
        Assert.Equal("npm-run", run.GetProperty("info").GetProperty("run_name").GetString());
        var parameters = run.GetProperty("data").GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("0.01", parameters["learning_rate"]);
        Assert.Equal("6", parameters["depth"]);
        var version = (await server.Api.OkAsync(server.Api.GetAsync($"model-versions/get?name={result.GetProperty("model_name").GetString()}&version=1"))).GetProperty("model_version");
        Assert.Equal(runId, version.GetProperty("run_id").GetString());
        Assert.Equal("Production", version.GetProperty("current_stage").GetString());
    }
}
