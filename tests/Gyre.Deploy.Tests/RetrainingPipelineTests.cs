using System.Text.Json;
using Gyre.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests;

/// <summary>
/// The retraining CronJob's script and the GitHub Actions template's steps, run for real with bash against a
/// running gyre server: validate, train (logged as a run), gate, register, alias. One class, so the runs register
/// versions of the same model one after the other.
/// </summary>
public sealed class RetrainingPipelineTests(LiveServers servers) : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly RetrainingWorkspace _workspace = new();

    [Fact]
    public async Task Cronjob_script_validates_trains_gates_and_registers_the_candidate_under_its_alias()
    {
        var (script, environment) = CronJob();
        var (code, output) = _workspace.RunBash(script, environment);
        Assert.True(code == 0, output);

        var runId = LoggedRunId(Path.Combine(environment["WORK_DIR"], "train.log"));
        using var gate = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(environment["WORK_DIR"], "gate.json"), Cancel));
        Assert.True(gate.RootElement.GetProperty("passed").GetBoolean());
        var version = await AliasTargetAsync(environment["REGISTERED_MODEL"], environment["ALIAS"]);
        Assert.Equal(runId, version.GetProperty("run_id").GetString());
        Assert.Equal($"runs:/{runId}/model", version.GetProperty("source").GetString());
        var run = await GetJsonAsync($"/api/2.0/mlflow/runs/get?run_id={runId}");
        Assert.Equal(environment["EXPERIMENT"], (await GetJsonAsync($"/api/2.0/mlflow/experiments/get?experiment_id={run.GetProperty("run").GetProperty("info").GetProperty("experiment_id").GetString()}"))
            .GetProperty("experiment").GetProperty("name").GetString());

        // A candidate that fails its gates stops the job before registration: the alias does not move.
        var strict = Path.Combine(_workspace.Root, "strict-config");
        Directory.CreateDirectory(strict);
        File.Copy(Path.Combine(environment["CONFIG_DIR"], "suite.yaml"), Path.Combine(strict, "suite.yaml"));
        await File.WriteAllTextAsync(Path.Combine(strict, "gates.yaml"), "gates:\n  - metric: roc_auc\n    min: 0.9999\n", Cancel);
        var failing = new Dictionary<string, string>(environment) { ["CONFIG_DIR"] = strict, ["WORK_DIR"] = Path.Combine(_workspace.Root, "work-strict") };
        var (failedCode, failedOutput) = _workspace.RunBash(script, failing);
        Assert.NotEqual(0, failedCode);
        Assert.Contains("== gate", failedOutput);
        Assert.DoesNotContain("== register", failedOutput);
        Assert.Equal(version.GetProperty("version").GetString(), (await AliasTargetAsync(environment["REGISTERED_MODEL"], environment["ALIAS"])).GetProperty("version").GetString());
    }

    [Fact]
    public async Task Workflow_steps_validate_train_gate_and_register_against_the_tracking_server()
    {
        var workflow = DeployAssets.Workflow;
        var job = workflow.Map("jobs").Map("train-gate-register");
        Assert.Equal("bash", job.Map("defaults").Map("run").Str("shell"));
        var environment = workflow.Map("env").Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "");
        var work = Path.Combine(_workspace.Root, ".gyre-work");
        var overrides = new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_URI"] = servers.Tracking.BaseAddress.ToString(),
            ["MLFLOW_TRACKING_TOKEN"] = "",
            ["GYRE_WORK"] = work,
        };
        // Only these come from GitHub expressions; the steps' scripts themselves use plain shell variables.
        Assert.Equal(overrides.Keys.Order(), environment.Where(e => e.Value.Contains("${{", StringComparison.Ordinal)).Select(e => e.Key).Order());
        foreach (var (name, value) in overrides) environment[name] = value;
        environment["REGISTERED_MODEL"] += "-ci";
        environment["GITHUB_RUN_ID"] = "4242";
        environment["GITHUB_STEP_SUMMARY"] = Path.Combine(_workspace.Root, "summary.md");

        // The files the env block names, laid out as in the repository the template is copied into.
        var rendered = DeployAssets.RenderChart().Manifest("ConfigMap").Map("data");
        foreach (var key in new[] { "SUITE", "GATES" })
        {
            var path = Path.Combine(_workspace.Root, environment[key]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, rendered.Str(key == "SUITE" ? "suite.yaml" : "gates.yaml"), Cancel);
        }
        Assert.Equal("data/train.csv", environment["TRAIN_DATA"]);

        var steps = job.Seq("steps").Children.ToDictionary(s => s.StrOrNull("id") ?? s.Str("name"));
        foreach (var id in new[] { "validate", "train", "gate", "register" })
        {
            Assert.Null(steps[id].Child("uses"));
            var (code, output) = _workspace.RunBash(steps[id].Str("run"), environment);
            Assert.True(code == 0, $"step {id} failed:\n{output}");
        }

        var runId = await File.ReadAllTextAsync(Path.Combine(work, "run_id"), Cancel);
        var version = await AliasTargetAsync(environment["REGISTERED_MODEL"], environment["ALIAS"]);
        Assert.Equal(runId.Trim(), version.GetProperty("run_id").GetString());
        Assert.True(File.Exists(Path.Combine(work, "validation.html")));
        Assert.Contains($"as @{environment["ALIAS"]}", await File.ReadAllTextAsync(environment["GITHUB_STEP_SUMMARY"], Cancel));
        var run = await GetJsonAsync($"/api/2.0/mlflow/runs/get?run_id={runId.Trim()}");
        Assert.Equal("ci-4242", run.GetProperty("run").GetProperty("info").GetProperty("run_name").GetString());
    }

    public void Dispose() => _workspace.Dispose();

    /// <summary>The CronJob's script and its container's literal env, with paths and the server pointed at this test's.</summary>
    private (string Script, Dictionary<string, string> Environment) CronJob()
    {
        var cronJob = DeployAssets.RenderChart().Manifest("CronJob");
        var container = cronJob.Map("spec").Map("jobTemplate").Map("spec").Map("template").Map("spec").Seq("containers").Children.Single();
        var environment = container.Seq("env").Children.Where(e => e.Child("value") is not null).ToDictionary(e => e.Str("name"), e => e.Str("value"));
        Assert.StartsWith("http://gyre:5000", environment["TRACKING_URI"], StringComparison.Ordinal); // the chart's Service
        environment["TRACKING_URI"] = servers.Tracking.BaseAddress.ToString();
        environment["DATA_DIR"] = _workspace.DataDirectory;
        environment["WORK_DIR"] = Path.Combine(_workspace.Root, "work");
        var config = Path.Combine(_workspace.Root, "config");
        Directory.CreateDirectory(config);
        var data = DeployAssets.RenderChart().Manifest("ConfigMap").Map("data");
        File.WriteAllText(Path.Combine(config, "suite.yaml"), data.Str("suite.yaml"));
        File.WriteAllText(Path.Combine(config, "gates.yaml"), data.Str("gates.yaml"));
        environment["CONFIG_DIR"] = config;
        return (CommandLineTests.RetrainingScript(), environment);
    }

    private static string LoggedRunId(string trainLog)
    {
        var line = File.ReadLines(trainLog).First(l => l.StartsWith("Logged run ", StringComparison.Ordinal));
        return line.Split(' ')[2];
    }

    private async Task<JsonElement> AliasTargetAsync(string model, string alias) =>
        (await GetJsonAsync($"/api/2.0/mlflow/registered-models/alias?name={Uri.EscapeDataString(model)}&alias={Uri.EscapeDataString(alias)}")).GetProperty("model_version");

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await servers.TrackingHttp.GetAsync(path, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
