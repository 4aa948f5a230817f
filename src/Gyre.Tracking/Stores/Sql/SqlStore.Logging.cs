using System.Data.Common;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    public async Task LogMetricAsync(string runId, Metric metric, CancellationToken ct = default)
    {
        TrackingValidation.Metric(metric);
        List<Metric> metrics = [metric];
        var encoded = Encode(metrics, [0], [0]);
        try
        {
            await _db.WriteAsync(async s =>
            {
                var run = await EnsureActiveRunAsync(s, runId);
                await InsertMetricsAsync(s, run.RunKey, metrics, [0], encoded);
                if (metric.ModelId is not null) await LinkModelMetricsAsync(s, runId, [metric]);
            }, ct);
        }
        finally
        {
            encoded?.Return(); // the write has run (or never will): nothing reads the buffer any more
        }
    }

    public Task LogParamAsync(string runId, Param param, CancellationToken ct = default)
    {
        TrackingValidation.Param(param);
        return _db.WriteAsync(async s =>
        {
            await ActiveRunRowAsync(s, runId);
            var existing = await s.QuerySingleOrDefaultAsync<string>(
                "SELECT value FROM params WHERE run_uuid = @runId AND key = @Key", new { runId, param.Key });
            if (existing is null)
            {
                await s.ExecuteAsync("INSERT INTO params (run_uuid, key, value) VALUES (@runId, @Key, @Value)", new { runId, param.Key, param.Value });
            }
            else if (existing != param.Value)
            {
                throw GyreException.InvalidParameter(
                    $"Changing param values is not allowed. Param with key='{param.Key}' was already logged with value='{existing}' for run ID='{runId}'. Attempted logging new value '{param.Value}'.");
            }
        }, ct);
    }

    public Task SetTagAsync(string runId, RunTag tag, CancellationToken ct = default)
    {
        TrackingValidation.Tag(tag);
        return _db.WriteAsync(async s =>
        {
            await ActiveRunRowAsync(s, runId);
            await SetTagsAsync(s, runId, [tag]);
        }, ct);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            await ActiveRunRowAsync(s, runId);
            var deleted = await s.ExecuteAsync("DELETE FROM tags WHERE run_uuid = @runId AND key = @key", new { runId, key });
            if (deleted == 0) throw GyreException.NotFound($"No tag with name: {key} in run with id {runId}");
        }, ct);

    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null,
        IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default)
    {
        metrics ??= [];
        @params ??= [];
        tags ??= [];
        TrackingValidation.BatchLimits(metrics.Count, @params.Count, tags.Count);
        // Indexed loops: foreach over an interface would box an enumerator per list on this hot path.
        for (var i = 0; i < metrics.Count; i++) TrackingValidation.Metric(metrics[i]);
        for (var i = 0; i < @params.Count; i++) TrackingValidation.Param(@params[i]);
        for (var i = 0; i < tags.Count; i++) TrackingValidation.Tag(tags[i]);
        if (HasDuplicateKeys(@params))
        {
            var duplicates = @params.GroupBy(p => p.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            throw GyreException.InvalidParameter(
                $"Duplicate parameter keys have been submitted: [{string.Join(", ", duplicates.Select(PyRepr))}]. Please ensure the request contains only one param value per param key.");
        }
        var tagList = DistinctLast(tags, t => t.Key);
        // Worked out before queueing, so the single writer only binds and steps.
        var rowKeys = metrics.Count > 0 && _backlog is not null ? System.Buffers.ArrayPool<int>.Shared.Rent(metrics.Count) : null;
        List<int> latest;
        EncodedBatch? encoded;
        try
        {
            var keysOfRows = rowKeys is null ? [] : rowKeys.AsSpan(0, metrics.Count);
            latest = metrics.Count > 0 ? LatestRowIndexes(metrics, keysOfRows) : [];
            encoded = metrics.Count > 0 ? Encode(metrics, latest, keysOfRows) : null;
        }
        finally
        {
            if (rowKeys is not null) System.Buffers.ArrayPool<int>.Shared.Return(rowKeys);
        }
        // A large batch's metric rows wait as one row for the writer's idle time (see MetricBacklog); rows
        // that name a logged model are linked to it in the same transaction, so those go in directly.
        var defer = _backlog is not null && encoded is not null && metrics.Count >= MetricBacklog.MinDeferredRows && !NamesModel(metrics);

        try
        {
            await _db.WriteAsync(async s =>
            {
                var run = await EnsureActiveRunAsync(s, runId);
                // One transaction: a failure anywhere (e.g. a param conflict found after the metrics were
                // written) rolls back the whole batch.
                if (defer) _backlog!.Append(s, run, runId, encoded!.Value.Bytes);
                else if (metrics.Count > 0) await InsertMetricsAsync(s, run.RunKey, metrics, latest, encoded);
                if (NamesModel(metrics)) await LinkModelMetricsAsync(s, runId, metrics);
                if (@params.Count > 0) await LogParamsAsync(s, runId, @params);
                if (tagList.Count > 0) await SetTagsAsync(s, runId, tagList);
            }, ct);
        }
        finally
        {
            encoded?.Return(); // the write has run (or never will): nothing reads the buffer any more
        }
    }

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken ct = default) =>
        LogInputsAsync(runId, datasets, null, ct);

    private static void ValidateDatasetInputs(IReadOnlyList<DatasetInput>? datasets)
    {
        TrackingValidation.DatasetBatchLimit(datasets?.Count ?? 0);
        foreach (var input in datasets ?? [])
        {
            TrackingValidation.Dataset(input.Dataset);
            foreach (var tag in input.Tags ?? []) TrackingValidation.InputTag(tag);
        }
    }

    private static async Task InsertDatasetInputsAsync(DbSession s, RunRow run, string runId, IReadOnlyList<DatasetInput>? datasets)
    {
        foreach (var input in datasets ?? [])
        {
            var d = input.Dataset;
            await s.ExecuteAsync(
                """
                INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile)
                VALUES (@uuid, @ExperimentId, @Name, @Digest, @SourceType, @Source, @Schema, @Profile) ON CONFLICT DO NOTHING
                """,
                new { uuid = Guid.NewGuid().ToString("N"), run.ExperimentId, d.Name, d.Digest, d.SourceType, d.Source, d.Schema, d.Profile });
            var datasetId = await s.QuerySingleOrDefaultAsync<string>(
                "SELECT dataset_uuid FROM datasets WHERE experiment_id = @ExperimentId AND name = @Name AND digest = @Digest",
                new { run.ExperimentId, d.Name, d.Digest });
            var inputId = Guid.NewGuid().ToString("N");
            var inserted = await s.ExecuteAsync(
                """
                INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id)
                VALUES (@inputId, 'DATASET', @datasetId, 'RUN', @runId) ON CONFLICT DO NOTHING
                """,
                new { inputId, datasetId, runId });
            if (inserted == 0) continue; // this run already recorded this dataset: MLflow keeps the first one
            foreach (var tag in DistinctLast(input.Tags ?? [], t => t.Key))
            {
                await s.ExecuteAsync("INSERT INTO input_tags (input_uuid, name, value) VALUES (@inputId, @Key, @Value)",
                    new { inputId, tag.Key, tag.Value });
            }
        }
    }

    private static readonly string[] KeyValueParameterNames = ["r", "k", "v"];

    /// <summary>
    /// Inserts params that are new; a key already logged with another value is a conflict. Every param is
    /// checked before failing so the message names all conflicts, as MLflow's does.
    /// </summary>
    private static async Task LogParamsAsync(DbSession s, string runId, IReadOnlyList<Param> @params)
    {
        // SQLite: insert the new keys in bulk; only when some key already existed look at the stored
        // values to find the conflicts (re-logging the same value is fine).
        if (s.NativeStatements is { } native && InsertParamsNative(native, runId, @params) == @params.Count) return;
        if (s.Dialect.ArrayParamInsert is { } arrayInsert)
        {
            // PostgreSQL: one statement for the whole batch, params as arrays.
            await using var command = s.Connection.CreateCommand();
            command.Transaction = s.Transaction;
            command.CommandText = arrayInsert;
            AddParameter(command, "r", runId);
            AddParameter(command, "k", @params.Select(p => p.Key).ToArray());
            AddParameter(command, "v", @params.Select(p => p.Value).ToArray());
            if (await command.ExecuteNonQueryAsync(s.CancellationToken) == @params.Count) return;
        }
        var insert = s.Prepared("INSERT INTO params (run_uuid, key, value) VALUES (@r, @k, @v) ON CONFLICT DO NOTHING", KeyValueParameterNames, out var ownsInsert);
        var lookup = s.Prepared("SELECT value FROM params WHERE run_uuid = @r AND key = @k", ["r", "k"], out var ownsLookup);
        try
        {
            var conflicts = new List<(string Key, string Old, string New)>();
            foreach (var p in @params)
            {
                insert.Parameters[0].Value = runId;
                insert.Parameters[1].Value = p.Key;
                insert.Parameters[2].Value = p.Value;
                if (await insert.ExecuteNonQueryAsync(s.CancellationToken) == 1) continue;
                lookup.Parameters[0].Value = runId;
                lookup.Parameters[1].Value = p.Key;
                var existing = (string?)await lookup.ExecuteScalarAsync(s.CancellationToken);
                if (existing != p.Value) conflicts.Add((p.Key, existing ?? "", p.Value));
            }
            if (conflicts.Count > 0)
            {
                var described = string.Join(", ", conflicts.Select(c =>
                    $"{{'key': {PyRepr(c.Key)}, 'old_value': {PyRepr(c.Old)}, 'new_value': {PyRepr(c.New)}}}"));
                throw GyreException.InvalidParameter(
                    $"Changing param values is not allowed. Params were already logged='[{described}]' for run ID='{runId}'.");
            }
        }
        finally
        {
            if (ownsInsert) await insert.DisposeAsync();
            if (ownsLookup) await lookup.DisposeAsync();
        }
    }

    private static async Task SetTagsAsync(DbSession s, string runId, IReadOnlyList<RunTag> tags)
    {
        var upsert = s.Prepared(
            "INSERT INTO tags (run_uuid, key, value) VALUES (@r, @k, @v) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value",
            KeyValueParameterNames, out var owned);
        try
        {
            foreach (var tag in tags)
            {
                upsert.Parameters[0].Value = runId;
                upsert.Parameters[1].Value = tag.Key;
                upsert.Parameters[2].Value = tag.Value;
                await upsert.ExecuteNonQueryAsync(s.CancellationToken);
                if (tag.Key == RunNameTag)
                    await s.ExecuteAsync("UPDATE runs SET name = @Value WHERE run_uuid = @runId", new { runId, tag.Value });
            }
        }
        finally
        {
            if (owned) await upsert.DisposeAsync();
        }
    }

    /// <summary>
    /// Stores a metric value as MLflow does: NaN as 0 with is_nan set, ±Infinity as ±double.MaxValue
    /// (SQL engines cannot hold infinities portably).
    /// </summary>
    internal static (double Value, int IsNan) StoredValue(double value) =>
        double.IsNaN(value) ? (0, 1)
        : double.IsPositiveInfinity(value) ? (double.MaxValue, 0)
        : double.IsNegativeInfinity(value) ? (double.MinValue, 0)
        : (value, 0);

    /// <summary>
    /// Appends metric rows (identical repeats ignored), then moves each key's latest value forward when
    /// the batch holds a newer (step, timestamp, value). SQLite's writer uses natively compiled multi-row
    /// statements (<see cref="InsertMetricsNative"/>); PostgreSQL gets the rows and the latest values as
    /// arrays, one statement each.
    /// </summary>
    private static async Task InsertMetricsAsync(DbSession s, long runKey, IReadOnlyList<Metric> metrics, List<int> latestRows, EncodedBatch? encoded)
    {
        if (s.NativeStatements is { } native)
        {
            var batch = encoded ?? EncodedMetrics.Encode(metrics, latestRows);
            try
            {
                InsertEncodedNative(native, runKey, batch.Bytes);
            }
            finally
            {
                if (encoded is null) batch.Return();
            }
            return;
        }
        var latest = latestRows.Select(row => metrics[row]).ToList();
        var arrayInsert = s.Dialect.ArrayMetricInsert ?? throw new NotSupportedException($"{s.Dialect.Name} has no array metric insert.");
        var arrayUpsert = s.Dialect.ArrayLatestMetricUpsert ?? throw new NotSupportedException($"{s.Dialect.Name} has no array latest-metric upsert.");
        await ExecuteMetricArraysAsync(s, arrayInsert, runKey, metrics);
        // Latest values in key order, so concurrent batches on one run lock rows in the same order.
        latest.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        await ExecuteMetricArraysAsync(s, arrayUpsert, runKey, latest);
    }

    private static async Task ExecuteMetricArraysAsync(DbSession s, string sql, long runKey, IReadOnlyList<Metric> metrics)
    {
        var n = metrics.Count;
        var keys = new string[n];
        var timestamps = new long[n];
        var steps = new long[n];
        var values = new double[n];
        var nans = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = metrics[i].Key;
            timestamps[i] = metrics[i].Timestamp;
            steps[i] = metrics[i].Step;
            (values[i], nans[i]) = StoredValue(metrics[i].Value);
        }
        await using var command = s.Connection.CreateCommand();
        command.Transaction = s.Transaction;
        command.CommandText = sql;
        AddParameter(command, "r", runKey);
        AddParameter(command, "k", keys);
        AddParameter(command, "t", timestamps);
        AddParameter(command, "s", steps);
        AddParameter(command, "v", values);
        AddParameter(command, "n", nans);
        await command.ExecuteNonQueryAsync(s.CancellationToken);
    }

    private static bool Newer((long Step, long Timestamp, double Value, int IsNan) a, (long Step, long Timestamp, double Value, int IsNan) b) =>
        a.Step != b.Step ? a.Step > b.Step : a.Timestamp != b.Timestamp ? a.Timestamp > b.Timestamp : a.Value > b.Value;

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>Python's repr of a str, as MLflow's messages show keys and values.</summary>
    private static string PyRepr(string value) =>
        value.Contains('\'') && !value.Contains('"') ? $"\"{value}\"" : $"'{value.Replace("\\", "\\\\").Replace("'", "\\'")}'";

    /// <summary>Whether two params share a key (the error message then lists them as MLflow does).</summary>
    private static bool HasDuplicateKeys(IReadOnlyList<Param> @params)
    {
        if (@params.Count < 2) return false;
        var seen = new HashSet<string>(@params.Count, StringComparer.Ordinal);
        for (var i = 0; i < @params.Count; i++)
            if (!seen.Add(@params[i].Key)) return true;
        return false;
    }
}
