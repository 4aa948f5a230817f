using Gyre.Client;
using Gyre.Client.Protocol;
using Gyre.Client.Runs;
using Gyre.Core.Errors;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Client;

/// <summary>The .NET client against the real Gyre server: fluent runs, batching, experiments, search paging, errors.</summary>
public sealed class ClientTrackingTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>, IDisposable
{
    private readonly TrackingClient _client = new(server.Server.BaseAddress, new TrackingClientOptions { BatchSize = 500, FlushInterval = TimeSpan.FromMilliseconds(200) });
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_fluent_run_batches_what_it_logs_and_ends_finished_with_system_tags()
    {
        var experiment = Unique("churn");
        string runId;
        await using (var run = await _client.StartRunAsync(experimentName: experiment, runName: "baseline", randomSeed: 123,
                         tags: new Dictionary<string, string> { ["team"] = "risk" }, cancellationToken: Ct))
        {
            runId = run.RunId;
            Assert.Equal(RunStatus.Running, run.Run.Info.Status);
            run.LogParam("learning_rate", 0.05);
            run.LogParam("max_depth", "6");
            run.SetTag("stage", "dev");
            // 1200 metric values: more than one batch (500) and more than one log-batch request.
            for (var step = 0; step < 1200; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
            run.LogMetric("auc", 0.91);
        }

        var stored = await _client.GetRunAsync(runId, Ct);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
        Assert.Equal("baseline", stored.Info.RunName);
        Assert.Equal((await _client.GetExperimentByNameAsync(experiment, Ct))!.ExperimentId, stored.Info.ExperimentId);
        Assert.Equal("0.05", stored.Params["learning_rate"]);
        Assert.Equal("6", stored.Params["max_depth"]);
        Assert.Equal(0.91, stored.LatestMetrics["auc"]);

        var tags = stored.Tags;
        Assert.Equal("risk", tags["team"]);
        Assert.Equal("dev", tags["stage"]);
        Assert.Equal("123", tags[SystemTags.RandomSeed]);
        Assert.Equal("LOCAL", tags[SystemTags.SourceType]);
        Assert.Equal(Environment.UserName, tags[SystemTags.User]);
        Assert.Equal("baseline", tags[SystemTags.RunName]);
        Assert.Contains(".NET", tags[SystemTags.DotnetRuntime]);
        Assert.False(string.IsNullOrEmpty(tags[SystemTags.SourceName]));
        Assert.False(string.IsNullOrEmpty(tags[SystemTags.OperatingSystem]));

        var history = await _client.GetMetricHistoryAsync(runId, "loss", Ct);
        Assert.Equal(1200, history.Count);
        Assert.Equal(Enumerable.Range(0, 1200).Select(s => (long)s), history.Select(m => m.Step).Order());
        Assert.Equal(1.0 / 1200, history.Single(m => m.Step == 1199).Value, 12);
    }

    [Fact]
    public async Task Git_commit_and_dirty_flag_come_from_the_source_repository()
    {
        var repo = Directory.CreateTempSubdirectory("gyre-git-").FullName;
        try
        {
            await Git(repo, "init", "-q");
            await File.WriteAllTextAsync(Path.Combine(repo, "train.py"), "print('v1')\n", Ct);
            await Git(repo, "add", "train.py");
            await Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "v1");
            var head = (await Git(repo, "rev-parse", "HEAD")).Trim();

            using var client = new TrackingClient(server.Server.BaseAddress, new TrackingClientOptions { SourceDirectory = repo });
            await using (var clean = await client.StartRunAsync(experimentName: "git-tags", cancellationToken: Ct))
            {
                var tags = (await client.GetRunAsync(clean.RunId, Ct)).Tags;
                Assert.Equal(head, tags[SystemTags.GitCommit]);
                Assert.Equal("false", tags[SystemTags.GitDirty]);
            }

            await File.WriteAllTextAsync(Path.Combine(repo, "train.py"), "print('v2')\n", Ct);
            await using (var dirty = await client.StartRunAsync(experimentName: "git-tags", cancellationToken: Ct))
            {
                var tags = (await client.GetRunAsync(dirty.RunId, Ct)).Tags;
                Assert.Equal(head, tags[SystemTags.GitCommit]);
                Assert.Equal("true", tags[SystemTags.GitDirty]);
            }

            // Outside any repository the git tags are left out rather than guessed.
            using var noGit = new TrackingClient(server.Server.BaseAddress, new TrackingClientOptions { SourceDirectory = Path.GetTempPath() });
            await using var plain = await noGit.StartRunAsync(experimentName: "git-tags", cancellationToken: Ct);
            var plainTags = (await noGit.GetRunAsync(plain.RunId, Ct)).Tags;
            Assert.False(plainTags.ContainsKey(SystemTags.GitCommit));
            Assert.False(plainTags.ContainsKey(SystemTags.GitDirty));
        }
        finally
        {
            try { Directory.Delete(repo, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<string> Git(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    [Fact]
    public async Task Nested_runs_record_their_parent_and_share_its_experiment()
    {
        await using var parent = await _client.StartRunAsync(experimentName: Unique("sweep"), runName: "sweep", cancellationToken: Ct);
        string childId;
        await using (var child = await _client.StartRunAsync(runName: "trial-1", parentRunId: parent.RunId, cancellationToken: Ct))
        {
            childId = child.RunId;
            Assert.Equal(parent.ExperimentId, child.ExperimentId);
        }
        var stored = await _client.GetRunAsync(childId, Ct);
        Assert.Equal(parent.RunId, stored.Tags[SystemTags.ParentRunId]);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal(RunStatus.Running, (await _client.GetRunAsync(parent.RunId, Ct)).Info.Status);
    }

    [Fact]
    public async Task A_run_disposed_after_an_exception_ends_failed()
    {
        string? runId = null;
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var run = await _client.StartRunAsync(experimentName: Unique("failing"), cancellationToken: Ct);
            runId = run.RunId;
            run.LogMetric("progress", 0.5);
            throw new InvalidOperationException("training diverged");
        });

        var stored = await _client.GetRunAsync(runId!, Ct);
        Assert.Equal(RunStatus.Failed, stored.Info.Status);
        Assert.Equal(0.5, stored.LatestMetrics["progress"]);
    }

    [Fact]
    public async Task An_exception_caught_before_more_logging_does_not_fail_the_run()
    {
        string runId;
        await using (var run = await _client.StartRunAsync(experimentName: Unique("recovering"), cancellationToken: Ct))
        {
            runId = run.RunId;
            try
            {
                throw new FormatException("optional config missing");
            }
            catch (FormatException)
            {
                // handled: the run goes on
            }
            run.LogMetric("recovered", 1);
        }
        Assert.Equal(RunStatus.Finished, (await _client.GetRunAsync(runId, Ct)).Info.Status);
    }

    [Fact]
    public async Task EndAsync_sets_the_status_explicitly_and_nothing_can_be_logged_after()
    {
        await using var run = await _client.StartRunAsync(experimentName: Unique("killed"), cancellationToken: Ct);
        run.LogParam("a", "1");
        await run.EndAsync(RunStatus.Killed, Ct);

        var stored = await _client.GetRunAsync(run.RunId, Ct);
        Assert.Equal(RunStatus.Killed, stored.Info.Status);
        Assert.Equal("1", stored.Params["a"]);
        Assert.Equal(ErrorCode.INVALID_STATE, Assert.Throws<GyreException>(() => run.LogMetric("late", 1)).Code);
    }

    [Fact]
    public async Task The_background_flusher_sends_on_its_interval_without_an_explicit_flush()
    {
        await using var run = await _client.StartRunAsync(experimentName: Unique("interval"), cancellationToken: Ct);
        run.LogMetric("heartbeat", 42);
        Run? stored = null;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            stored = await _client.GetRunAsync(run.RunId, Ct);
            if (stored.LatestMetrics.ContainsKey("heartbeat")) break;
            await Task.Delay(100, Ct);
        }
        Assert.Equal(42, stored!.LatestMetrics["heartbeat"]);
    }

    [Fact]
    public async Task A_rejected_batch_surfaces_on_the_next_call_and_fails_the_run()
    {
        var run = await _client.StartRunAsync(experimentName: Unique("rejected"), cancellationToken: Ct);
        run.LogParam("alpha", "1");
        await run.FlushAsync(Ct);
        run.LogParam("alpha", "2"); // MLflow forbids changing a logged param

        var error = await Assert.ThrowsAsync<GyreException>(() => run.FlushAsync(Ct));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
        Assert.Contains("alpha", error.Message);
        Assert.Throws<GyreException>(() => run.LogMetric("after", 1));
        await Assert.ThrowsAsync<GyreException>(async () => await run.DisposeAsync());

        var stored = await _client.GetRunAsync(run.RunId, Ct);
        Assert.Equal(RunStatus.Failed, stored.Info.Status);
        Assert.Equal("1", stored.Params["alpha"]);
    }

    [Fact]
    public async Task LogBatch_splits_requests_at_MLflow_limits()
    {
        var experimentId = await _client.CreateExperimentAsync(Unique("batch"), cancellationToken: Ct);
        var run = await _client.CreateRunAsync(experimentId, cancellationToken: Ct);
        var metrics = Enumerable.Range(0, 1500).Select(i => new Metric("m", i, 1_700_000_000_000 + i, i)).ToList();
        var @params = Enumerable.Range(0, 150).Select(i => new Param($"p{i:D3}", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        await _client.LogBatchAsync(run.Info.RunId, metrics, @params, [new Tag("t", "v")], Ct);

        var stored = await _client.GetRunAsync(run.Info.RunId, Ct);
        Assert.Equal(150, stored.Data.Params.Count);
        Assert.Equal("149", stored.Params["p149"]);
        Assert.Equal("v", stored.Tags["t"]);
        Assert.Equal(1500, (await _client.GetMetricHistoryAsync(run.Info.RunId, "m", Ct)).Count);
    }

    [Fact]
    public async Task Experiments_round_trip_through_create_rename_tag_delete_and_restore()
    {
        var name = Unique("exp");
        var id = await _client.CreateExperimentAsync(name, tags: new Dictionary<string, string> { ["owner"] = "ana" }, cancellationToken: Ct);
        var experiment = await _client.GetExperimentAsync(id, Ct);
        Assert.Equal(name, experiment.Name);
        Assert.Contains(new Tag("owner", "ana"), experiment.Tags);

        await _client.SetExperimentTagAsync(id, "purpose", "tests", Ct);
        await _client.RenameExperimentAsync(id, name + "-renamed", Ct);
        var renamed = await _client.GetExperimentByNameAsync(name + "-renamed", Ct);
        Assert.Equal(id, renamed!.ExperimentId);
        Assert.Contains(new Tag("purpose", "tests"), renamed.Tags);
        Assert.Null(await _client.GetExperimentByNameAsync(name, Ct));

        await _client.DeleteExperimentAsync(id, Ct);
        Assert.Equal("deleted", (await _client.GetExperimentAsync(id, Ct)).LifecycleStage);
        var active = await _client.SearchAllExperimentsAsync(cancellationToken: Ct).ToListAsync(Ct);
        Assert.DoesNotContain(active, e => e.ExperimentId == id);
        var deleted = await _client.SearchAllExperimentsAsync(viewType: ViewType.DeletedOnly, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Contains(deleted, e => e.ExperimentId == id);

        await _client.RestoreExperimentAsync(id, Ct);
        Assert.Equal("active", (await _client.GetExperimentAsync(id, Ct)).LifecycleStage);
    }

    [Fact]
    public async Task Run_search_pages_and_the_paging_helper_returns_every_match()
    {
        var experimentId = await _client.CreateExperimentAsync(Unique("search"), cancellationToken: Ct);
        for (var i = 0; i < 5; i++)
        {
            var run = await _client.CreateRunAsync(experimentId, runName: $"r{i}", cancellationToken: Ct);
            await _client.LogMetricAsync(run.Info.RunId, "auc", 0.5 + i / 10.0, cancellationToken: Ct);
        }

        var first = await _client.SearchRunsAsync([experimentId], maxResults: 2, orderBy: ["metrics.auc DESC"], cancellationToken: Ct);
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextPageToken);
        Assert.Equal("r4", first.Items[0].Info.RunName);

        var all = await _client.SearchAllRunsAsync([experimentId], orderBy: ["metrics.auc DESC"], cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(["r4", "r3", "r2", "r1", "r0"], all.Select(r => r.Info.RunName));

        var good = await _client.SearchAllRunsAsync([experimentId], filter: "metrics.auc > 0.75", cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(["r3", "r4"], good.Select(r => r.Info.RunName!).Order());
    }

    [Fact]
    public async Task Server_errors_become_GyreExceptions_with_the_MLflow_code_and_message()
    {
        var missing = await Assert.ThrowsAsync<TrackingServerException>(() => _client.GetRunAsync("0123456789abcdef0123456789abcdef", Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, missing.Code);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.ServerErrorCode);
        Assert.Equal(404, missing.ResponseStatus);
        Assert.Contains("0123456789abcdef0123456789abcdef", missing.Message);

        var name = Unique("dup");
        await _client.CreateExperimentAsync(name, cancellationToken: Ct);
        var duplicate = await Assert.ThrowsAsync<TrackingServerException>(() => _client.CreateExperimentAsync(name, cancellationToken: Ct));
        Assert.Equal(ErrorCode.RESOURCE_ALREADY_EXISTS, duplicate.Code);
        Assert.Contains(name, duplicate.Message);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_temporarily_unavailable_error()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens on this port now

        using var client = new TrackingClient(new Uri($"http://127.0.0.1:{port}"), new TrackingClientOptions { MaxRetries = 0 });
        var error = await Assert.ThrowsAsync<GyreException>(() => client.GetExperimentAsync("0", Ct));
        Assert.Equal(ErrorCode.TEMPORARILY_UNAVAILABLE, error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Nan_and_infinite_metric_values_are_sent_and_read_back()
    {
        await using var run = await _client.StartRunAsync(experimentName: Unique("nan"), cancellationToken: Ct);
        run.LogMetric("nan", double.NaN);
        run.LogMetric("inf", double.PositiveInfinity);
        await run.FlushAsync(Ct);
        var stored = await _client.GetRunAsync(run.RunId, Ct);
        Assert.True(double.IsNaN(stored.LatestMetrics["nan"]));
        // MLflow's SQL store keeps +Infinity as the largest double; either spelling must read back.
        Assert.True(stored.LatestMetrics["inf"] >= double.MaxValue);
    }

    public void Dispose() => _client.Dispose();
}
