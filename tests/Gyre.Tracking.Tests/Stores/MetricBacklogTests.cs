using System.Buffers.Binary;
using System.Text;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>
/// SQLite's write-behind for large metric batches: a batch is acknowledged once stored as one pending row,
/// moved into the metric tables later, and never invisible to a read.
/// </summary>
public sealed class MetricBacklogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TrackingStoreOptions Options => new() { DefaultArtifactRoot = _dir.Path };

    [Fact]
    public async Task Large_batches_logged_concurrently_are_all_visible_to_the_next_read()
    {
        var file = Path.Combine(_dir.Path, "load.db");
        await using var store = await TrackingStoreFactory.OpenAsync("sqlite:///" + file, Options, Ct);
        var experimentId = await store.CreateExperimentAsync("load", ct: Ct);
        var runIds = new List<string>();
        for (var r = 0; r < 8; r++) runIds.Add((await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId);
        // 8 runs x 6 batches of 500 keys x 2 steps, all in flight at once: far more than the writer
        // drains between client writes.
        await Task.WhenAll(runIds.SelectMany(runId => Enumerable.Range(0, 6).Select(b => store.LogBatchAsync(runId,
            metrics: [.. Enumerable.Range(0, 2).SelectMany(step => Enumerable.Range(0, 500).Select(k => new Metric($"m{k}", b * 10 + step + k * 0.001, 1000 + b * 10 + step, b * 10 + step)))],
            ct: Ct))));

        foreach (var runId in runIds)
        {
            var run = await store.GetRunAsync(runId, Ct);
            Assert.Equal(500, run.Data.Metrics.Count);
            Assert.All(run.Data.Metrics, m => Assert.Equal(51, m.Step));
            Assert.Equal(12, (await store.GetMetricHistoryAsync(runId, "m7", ct: Ct)).Items.Count);
        }
        var found = await store.SearchRunsAsync([experimentId], "metrics.m499 > 51.4", ct: Ct);
        Assert.Equal(8, found.Items.Count);
    }

    [Fact]
    public async Task Batches_a_killed_process_left_pending_are_moved_in_at_the_next_open()
    {
        var file = Path.Combine(_dir.Path, "resume.db");
        var uri = "sqlite:///" + file;
        string runId;
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, Options, Ct))
        {
            var experimentId = await store.CreateExperimentAsync("resume", ct: Ct);
            runId = (await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
        }
        // What a process killed right after acknowledging a batch leaves: the batch's pending row only.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO pending_metric_batches (run_key, batch) SELECT run_key, $batch FROM runs WHERE run_uuid = $run";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$batch", Encoded([("loss", 1000, 0, 0.9), ("loss", 1001, 1, 0.4), ("acc", 1001, 1, 0.7)], latestRows: [1, 2]));
            await command.ExecuteNonQueryAsync(Ct);
        }

        await using (var reopened = await TrackingStoreFactory.OpenAsync(uri, Options, Ct))
        {
            var run = await reopened.GetRunAsync(runId, Ct);
            Assert.Equal([("acc", 0.7), ("loss", 0.4)], run.Data.Metrics.Select(m => (m.Key, m.Value)).OrderBy(m => m.Key));
            Assert.Equal([0.9, 0.4], (await reopened.GetMetricHistoryAsync(runId, "loss", ct: Ct)).Items.Select(m => m.Value));
        }
        SqliteConnection.ClearAllPools();
        await using var check = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await check.OpenAsync(Ct);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM pending_metric_batches";
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync(Ct))!);
    }

    /// <summary>The pending-row format, written independently of the store's encoder.</summary>
    [Fact]
    public async Task A_deferred_batch_keeps_every_key_timestamp_step_and_value_exactly()
    {
        // Deferred batches wait in a compact encoding (keys once, timestamps as differences, varints):
        // awkward keys and extreme numbers must come back exactly as logged.
        await using var store = await TrackingStoreFactory.OpenAsync("sqlite:///" + Path.Combine(_dir.Path, "exact.db"), Options, Ct);
        var runId = (await store.CreateRunAsync(await store.CreateExperimentAsync("exact", ct: Ct), ct: Ct)).Info.RunId;
        string[] keys = ["loss", "ключ/熱", new string('k', 250), "a b-c_d.e/f", "x"];
        long[] timestamps = [1_700_000_000_000, 0, long.MaxValue, 5, 1_700_000_000_001, 1_700_000_000_000];
        long[] steps = [0, -1, long.MaxValue, long.MinValue, 1 << 20, 7];
        double[] values = [0.5, -1.5e300, 1e-300, double.NaN, 0, -0.25, 123456789.125, double.Epsilon];
        var logged = Enumerable.Range(0, 300).Select(i => new Metric(keys[i % keys.Length], values[i % values.Length],
            timestamps[i % timestamps.Length], steps[i % steps.Length] + i / 42)).ToList();
        await store.LogBatchAsync(runId, metrics: logged, ct: Ct);

        foreach (var key in keys)
        {
            var expected = logged.Where(m => m.Key == key).Select(Row).Distinct().Order().ToList();
            var history = (await store.GetMetricHistoryAsync(runId, key, maxResults: 1000, ct: Ct)).Items;
            Assert.Equal(expected, history.Select(Row).Order().ToList());
        }
        static (long, long, long) Row(Metric m) => (m.Timestamp, m.Step, BitConverter.DoubleToInt64Bits(double.IsNaN(m.Value) ? double.NaN : m.Value));
    }

    private static byte[] Encoded(IReadOnlyList<(string Key, long Timestamp, long Step, double Value)> rows, int[] latestRows)
    {
        var bytes = new List<byte>();
        void Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); bytes.AddRange(b); }
        void Int64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); bytes.AddRange(b); }
        Int32(rows.Count);
        foreach (var (key, timestamp, step, value) in rows)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            Int32(keyBytes.Length);
            bytes.AddRange(keyBytes);
            Int64(timestamp);
            Int64(step);
            Int64(BitConverter.DoubleToInt64Bits(value));
            bytes.Add(0);
        }
        Int32(latestRows.Length);
        foreach (var row in latestRows) Int32(row);
        return [.. bytes];
    }

    public void Dispose() => _dir.Dispose();
}
