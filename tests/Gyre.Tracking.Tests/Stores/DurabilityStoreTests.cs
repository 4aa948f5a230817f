using System.Diagnostics;
using Gyre.Tracking.Entities;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>Crash and concurrency properties, on top of every functional test.</summary>
public abstract class DurabilityStoreTests : RegistryStoreTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_a_killed_writer_process()
    {
        var uri = await NewDatabaseUriAsync();
        string runId;
        await using (var store = await OpenAsync(uri))
            runId = await NewRunAsync(store);

        var writer = Path.Combine(AppContext.BaseDirectory.Replace("Gyre.Tracking.Tests", Path.Combine("Gyre.Tracking.Tests", "CrashWriter")),
            "Gyre.Tracking.CrashWriter.dll");
        Assert.True(File.Exists(writer), $"crash writer not built at {writer}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(writer);
        info.ArgumentList.Add(uri);
        info.ArgumentList.Add(runId);
        using var process = Process.Start(info)!;
        long lastAck = -1;
        try
        {
            while (lastAck < 200)
            {
                var line = await process.StandardOutput.ReadLineAsync(Ct)
                    ?? throw new InvalidOperationException("writer exited: " + await process.StandardError.ReadToEndAsync(Ct));
                if (line.StartsWith("ack ", StringComparison.Ordinal)) lastAck = long.Parse(line[4..]);
            }
        }
        finally
        {
            process.Kill(); // SIGKILL: no chance to flush or close anything
            await process.WaitForExitAsync(Ct);
        }

        await using var reopened = await OpenAsync(uri);
        var history = await reopened.GetMetricHistoryAsync(runId, "loss", ct: Ct);
        var steps = history.Items.Select(m => m.Step).ToList();
        Assert.True(steps.Count >= lastAck + 1, $"acknowledged {lastAck + 1} writes, found {steps.Count}");
        Assert.Equal(Enumerable.Range(0, steps.Count).Select(i => (long)i), steps);
        var lastStepTag = long.Parse((await reopened.GetRunAsync(runId, Ct)).Data.Tags.Single(t => t.Key == "last_step").Value);
        Assert.Equal(steps[^1], lastStepTag); // metric and tag of each batch landed together
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing_and_version_numbers_stay_unique()
    {
        await using var store = await OpenAsync();
        var runId = await NewRunAsync(store);
        await store.CreateRegisteredModelAsync("m", ct: Ct);
        var tasks = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
                await store.LogMetricAsync(runId, new Metric($"w{w}", i, i, i), Ct);
            return await store.CreateModelVersionAsync("m", $"src/{w}", ct: Ct);
        }, Ct)).ToList();
        var versions = await Task.WhenAll(tasks);
        Assert.Equal(Enumerable.Range(1, 16).Select(i => i.ToString()), versions.Select(v => v.Version).OrderBy(int.Parse));
        var run = await store.GetRunAsync(runId, Ct);
        Assert.Equal(16, run.Data.Metrics.Count);
        Assert.All(run.Data.Metrics, m => Assert.Equal(24, m.Step));
    }

    [Fact]
    public async Task Several_processes_opening_a_new_database_at_once_migrate_it_once()
    {
        var uri = await NewDatabaseUriAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync(uri), Ct)));
        try
        {
            var id = await stores[0].CreateExperimentAsync("shared", ct: Ct);
            foreach (var store in stores)
            {
                Assert.Equal("shared", (await store.GetExperimentAsync(id, Ct)).Name);
                Assert.Equal(2, (await store.SearchExperimentsAsync(ViewType.All, ct: Ct)).Items.Count);
            }
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }
}
