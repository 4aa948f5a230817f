using System.Text.Json;
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
    /// <summary>The lifecycle steps the quickstart runs: data, validation, training, registry, gates, deployment,
    /// traffic, drift, retraining, canary, promotion.</summary>
    private const int ExpectedSteps = 11;

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
        using var server = GyreProcess.Start(["server", "--port", "0", "--serve-models",
            "--backend-store-uri", "sqlite:///" + Path.Combine(_dataDirectory, "gyre.db"),
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts")]);
        var url = await server.WaitForServerUrlAsync(ct);
        using var client = new TrackingClient(url);

        // Steps 3 and 9: the two candidates and the retrained model, finished runs with parameters, per-round
        // validation metrics and the MLflow model directory.
        var experiment = await client.GetExperimentByNameAsync("quickstart-churn", ct);
        Assert.NotNull(experiment);
        var runs = (await client.SearchRunsAsync([experiment.ExperimentId], cancellationToken: ct)).Items;
        Assert.Equal(["gbdt-deep", "gbdt-shallow", "retrain-after-drift"], runs.Select(r => r.Info.RunName).Order());
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
        var candidates = runs.Where(r => r.Info.RunName != "retrain-after-drift").ToArray();
        var better = candidates.MaxBy(r => r.LatestMetrics["valid_roc_auc"])!;
        var retrained = runs.Single(r => r.Info.RunName == "retrain-after-drift");
        Assert.StartsWith("data_drift", retrained.Tags["gyre.trigger"]);
        Assert.Equal(better.Info.RunName, retrained.Tags["gyre.recipe"]);

        // Steps 4, 5, 10 and 11: version 1 (the better candidate) passed the gates and went to Production; version 2
        // (the retrained model) went through Staging and the canary to Production, and version 1 was archived.
        var v1 = await client.Registry.GetModelVersionAsync("churn", "1", ct);
        Assert.Equal(better.Info.RunId, v1.RunId);
        Assert.Contains(v1.Tags, t => t.Key == "candidate" && t.Value == better.Info.RunName);
        Assert.Equal("Archived", v1.CurrentStage);
        var v2 = await client.Registry.GetModelVersionAsync("churn", "2", ct);
        Assert.Equal(retrained.Info.RunId, v2.RunId);
        Assert.Equal("Production", v2.CurrentStage);
        Assert.Equal("2", (await client.Registry.GetModelVersionByAliasAsync("churn", "champion", ct)).Version);

        // Steps 6 and 11: the deployment survived the restart and serves version 2 alone.
        using var http = new HttpClient { BaseAddress = url };
        using (var deployment = JsonDocument.Parse(await http.GetStringAsync("/api/gyre/deployments/churn", ct)))
        {
            var variants = deployment.RootElement.GetProperty("variants");
            Assert.Equal("models:/churn/2", Assert.Single(variants.EnumerateArray()).GetProperty("model_uri").GetString());
        }
        using (var status = JsonDocument.Parse(await http.GetStringAsync("/api/gyre/deployments/churn/status", ct)))
            Assert.Equal(1.0, status.RootElement.GetProperty("shares").GetProperty("v2").GetDouble());
        using (var scoring = new StringContent(ScoringBody, System.Text.Encoding.UTF8, "application/json"))
        {
            using var answer = await http.PostAsync("/deployments/churn/invocations", scoring, ct);
            Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(ct));
            Assert.Equal("2", answer.Headers.GetValues("x-gyre-model-version").Single());
        }

        // Steps 6 and 9: each version's reference data was logged with its run, and the restored deployment's drift
        // monitor fetched the retrained run's copy again (its window gauge appears only once the reference is loaded).
        Assert.Contains(await client.ListArtifactsAsync(better.Info.RunId, "reference", ct), a => a.Path == "reference/reference.csv");
        Assert.Contains(await client.ListArtifactsAsync(retrained.Info.RunId, "reference", ct), a => a.Path == "reference/reference_fresh.csv");
        using (var deployment = JsonDocument.Parse(await http.GetStringAsync("/api/gyre/deployments/churn", ct)))
            Assert.Equal($"runs:/{retrained.Info.RunId}/reference/reference_fresh.csv",
                deployment.RootElement.GetProperty("monitoring").GetProperty("reference_data").GetString());
        var windowGauge = "gyre_drift_window_rows{deployment=\"churn\"}";
        for (var i = 0; i < 100 && !(await http.GetStringAsync("/metrics", ct)).Contains(windowGauge, StringComparison.Ordinal); i++)
            await Task.Delay(100, ct);
        Assert.Contains(windowGauge, await http.GetStringAsync("/metrics", ct));

        // Steps 8, 10 and 11: the events hold the drift alert and every rollout decision with its evidence.
        using var events = JsonDocument.Parse(await http.GetStringAsync("/api/gyre/deployments/churn/events", ct));
        var list = events.RootElement.GetProperty("events").EnumerateArray().ToArray();
        string Kind(JsonElement e) => e.GetProperty("kind").GetString()!;
        Assert.Contains(list, e => Kind(e) == "created");
        var alert = Assert.Single(list, e => Kind(e) == "alert" && e.GetProperty("reason").GetString()!.StartsWith("data_drift", StringComparison.Ordinal));
        Assert.True(alert.GetProperty("evidence").GetProperty("drift_share").GetDouble() >= 0.2);
        Assert.Contains(list, e => Kind(e) == "advanced");
        var promoted = Assert.Single(list, e => Kind(e) == "promoted");
        var evidence = promoted.GetProperty("evidence");
        Assert.True(evidence.GetProperty("candidate_requests").GetDouble() > 0);
        Assert.Equal(0, evidence.GetProperty("candidate_errors").GetDouble());
        Assert.Equal(1.0, promoted.GetProperty("shares_after").GetProperty("v2").GetDouble());
        Assert.DoesNotContain(list, e => Kind(e) == "rolled_back");
        Assert.DoesNotContain(list, e => Kind(e) == "monitoring_error");

        Assert.Equal(0, await server.StopAsync(ct));
    }

    private const string ScoringBody = """
        {"dataframe_split": {"columns": ["tenure_months", "monthly_charges", "total_charges", "num_support_tickets", "age", "num_products",
          "avg_monthly_data_gb", "days_since_last_login", "payment_delays_12m", "satisfaction_score", "contract_type_ord",
          "payment_method_electronic_check", "payment_method_mailed_check", "payment_method_bank_transfer", "payment_method_credit_card"],
          "data": [[5, 70.5, 352.5, 2, 40, 1, 8.2, 3, 1, 4, 0, 1, 0, 0, 0]]}}
        """;

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
