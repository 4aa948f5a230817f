using Gyre.Client;
using Gyre.Client.Protocol;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Quickstart;

/// <summary>
/// <c>gyre quickstart --no-serve</c> end to end, as a newcomer runs it: exit code 0, a ✓ for every step, and
/// then every step's outcome read back through the API of a <c>gyre server</c> started on the same data folder.
/// </summary>
public sealed class QuickstartTests : IDisposable
{
    /// <summary>The lifecycle steps the quickstart runs (data, validation, training, registry, gates).</summary>
    private const int ExpectedSteps = 5;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gyre-quickstart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Quickstart_on_the_reference_churn_data_completes_every_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = await QuickstartProcess.RunAsync(_dataDirectory, [], ct);
        AssertEveryStepPassed(run);
        Assert.Contains("reference churn data", run.Output);
        await AssertOutcomesThroughApiAsync(ct);
    }

    [Fact]
    public async Task Quickstart_with_generated_data_completes_every_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = await QuickstartProcess.RunAsync(_dataDirectory, ["--generate-data"], ct);
        AssertEveryStepPassed(run);
        Assert.Contains("synthetic churn data (--generate-data)", run.Output);
        var generated = Directory.GetFiles(Path.Combine(_dataDirectory, "quickstart"), "churn_encoded_train.csv", SearchOption.AllDirectories);
        Assert.Single(generated);
        await AssertOutcomesThroughApiAsync(ct);
    }

    private static void AssertEveryStepPassed(QuickstartProcess.Result run)
    {
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}\n{run.Output}\n{run.Error}");
        Assert.DoesNotContain("✗", run.Output);
        const int steps = ExpectedSteps;
        Assert.Contains($"All {steps} steps did what they should", run.Output);
        Assert.Equal(steps, run.Output.Split('\n').Count(l => l.StartsWith('✓')));
    }

    private async Task AssertOutcomesThroughApiAsync(CancellationToken ct)
    {
        using var server = GyreProcess.Start(["server", "--port", "0",
            "--backend-store-uri", "sqlite:///" + Path.Combine(_dataDirectory, "gyre.db"),
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts")]);
        var url = await server.WaitForServerUrlAsync(ct);
        using var client = new TrackingClient(url);

        // Step 3: two finished runs with parameters, per-round validation metrics and the MLflow model directory.
        var experiment = await client.GetExperimentByNameAsync("quickstart-churn", ct);
        Assert.NotNull(experiment);
        var runs = (await client.SearchRunsAsync([experiment.ExperimentId], cancellationToken: ct)).Items;
        Assert.Equal(2, runs.Count);
        foreach (var r in runs)
        {
            Assert.Equal(RunStatus.Finished, r.Info.Status);
            Assert.True(r.Params.ContainsKey("max_depth"));
            Assert.InRange(r.LatestMetrics["valid_roc_auc"], 0.75, 1.0);
            var history = await client.GetMetricHistoryAsync(r.Info.RunId, "valid_logloss", ct);
            Assert.True(history.Count >= 10, $"run {r.Info.RunName} has {history.Count} rounds of valid_logloss");
            Assert.Equal(history.Count, history.Select(m => m.Step).Distinct().Count());
            var model = await client.ListArtifactsAsync(r.Info.RunId, "model", ct);
            Assert.Contains(model, a => a.Path == "model/MLmodel");
        }
        var better = runs.MaxBy(r => r.LatestMetrics["valid_roc_auc"])!;

        // Steps 4-5: the better run became version 1, passed the gates and is the Production champion.
        var v1 = await client.Registry.GetModelVersionAsync("churn", "1", ct);
        Assert.Equal(better.Info.RunId, v1.RunId);
        Assert.Equal("READY", v1.Status);
        Assert.Equal("Production", v1.CurrentStage);
        Assert.Equal("1", (await client.Registry.GetModelVersionByAliasAsync("churn", "champion", ct)).Version);
        Assert.Contains(v1.Tags, t => t.Key == "candidate" && t.Value == better.Info.RunName);

        Assert.Equal(0, await server.StopAsync(ct));
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp eventually.
        }
    }
}
