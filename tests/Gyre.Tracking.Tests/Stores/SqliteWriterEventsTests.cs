using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Tests.Infrastructure;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>
/// The SQLite writer's events (source "Gyre-Sqlite-Writer"), which a trace or the load benchmark's
/// timeline uses to see what a slow request waited behind: commits, background moves and checkpoints.
/// </summary>
public sealed class SqliteWriterEventsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_listener_sees_commits_background_moves_and_checkpoints_with_their_durations()
    {
        using var listener = new WriterListener();
        await using var store = await TrackingStoreFactory.OpenAsync(
            "sqlite:///" + Path.Combine(_dir.Path, "events.db"), new TrackingStoreOptions { DefaultArtifactRoot = _dir.Path }, Ct);
        var experimentId = await store.CreateExperimentAsync("events", ct: Ct);
        var runId = (await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
        // A large batch waits for the writer's idle time, then moves in the background.
        await store.LogBatchAsync(runId, metrics: [.. Enumerable.Range(0, 600).Select(k => new Metric($"m{k}", k, 1, 0))], ct: Ct);

        await listener.WaitForAsync("BackgroundChunk", Ct);
        await listener.WaitForAsync("Checkpointed", Ct);
        Assert.Contains(listener.Events, e => e.Name == "GroupCommitted" && (int)e.Payload[0]! >= 1 && (double)e.Payload[1]! >= 0);
        Assert.Contains(listener.Events, e => e.Name == "BackgroundChunk" && (double)e.Payload[0]! >= 0);
        Assert.Contains(listener.Events, e => e.Name == "Checkpointed" && (string)e.Payload[0]! == "PASSIVE" && (long)e.Payload[1]! >= (long)e.Payload[2]!);
        Assert.Equal(600, (await store.GetRunAsync(runId, Ct)).Data.Metrics.Count);
    }

    public void Dispose() => _dir.Dispose();

    private sealed class WriterListener : EventListener
    {
        public ConcurrentQueue<(string Name, object?[] Payload)> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Gyre-Sqlite-Writer") EnableEvents(source, EventLevel.Verbose);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e) => Events.Enqueue((e.EventName ?? "", [.. e.Payload ?? []]));

        public async Task WaitForAsync(string name, CancellationToken ct)
        {
            for (var waited = 0; waited < 100 && !Events.Any(e => e.Name == name); waited++) await Task.Delay(50, ct);
            Assert.True(Events.Any(e => e.Name == name), $"no {name} event within 5 s");
        }
    }
}
