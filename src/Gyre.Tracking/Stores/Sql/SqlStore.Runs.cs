using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;
using Gyre.Tracking.Runs;
using Gyre.Tracking.Search;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    /// <summary>The tag MLflow mirrors the run name into.</summary>
    public const string RunNameTag = "mlflow.runName";

    private const string RunColumns =
        "run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri";

    public async Task<Run> CreateRunAsync(string experimentId, string? userId = null, long? startTime = null,
        IReadOnlyList<RunTag>? tags = null, string? runName = null, CancellationToken ct = default)
    {
        var expId = ParseExperimentId(experimentId);
        var tagList = DistinctLast(tags ?? [], t => t.Key);
        foreach (var tag in tagList) TrackingValidation.Tag(tag);
        var nameTag = tagList.FirstOrDefault(t => t.Key == RunNameTag)?.Value;
        if (!string.IsNullOrEmpty(runName) && nameTag is not null && nameTag != runName)
            throw GyreException.InvalidParameter(
                $"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{runName}', mlflow.runName='{nameTag}').");
        var name = !string.IsNullOrEmpty(runName) ? runName : !string.IsNullOrEmpty(nameTag) ? nameTag : RunNameGenerator.Next();
        tagList.RemoveAll(t => t.Key == RunNameTag);
        tagList.Add(new RunTag(RunNameTag, name));
        var runId = Guid.NewGuid().ToString("N");

        return await _db.WriteAsync(async s =>
        {
            var (stage, artifactLocation) = await ExperimentStageAsync(s, expId) ?? throw ExperimentNotFound(experimentId);
            if (stage != "active")
                throw GyreException.InvalidParameter(
                    $"The experiment {experimentId} must be in the 'active' state. Current state is {stage}.");
            var info = new RunInfo(runId, experimentId, name, userId ?? "", RunStatus.Running, startTime ?? Now(), null,
                AppendPath(artifactLocation, runId, "artifacts"), LifecycleStage.Active);
            await s.ExecutePreparedAsync(
                $"""
                INSERT INTO runs ({RunColumns})
                VALUES (@r, @n, @e, @u, 'RUNNING', @s, NULL, 'active', @a)
                """,
                RunInsertParameterNames, info.RunId, info.RunName, expId, info.UserId, info.StartTime, info.ArtifactUri);
            foreach (var tag in tagList)
                await s.ExecutePreparedAsync("INSERT INTO tags (run_uuid, key, value) VALUES (@r, @k, @v)", KeyValueParameterNames, runId, tag.Key, tag.Value);
            return new Run(info, new RunData([], [], tagList), RunInputs.Empty);
        }, ct);
    }

    private static readonly string[] RunInsertParameterNames = ["r", "n", "e", "u", "s", "a"];

    /// <summary>An experiment's lifecycle stage and artifact location; null when there is no such experiment.</summary>
    private static async Task<(string Stage, string ArtifactLocation)?> ExperimentStageAsync(DbSession s, long experimentId)
    {
        var command = s.Prepared("SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = @e", ["e"], out var owned);
        try
        {
            command.Parameters[0].Value = experimentId;
            await using var reader = await command.ExecuteReaderAsync(s.CancellationToken);
            return await reader.ReadAsync(s.CancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken ct = default)
    {
        await RunMetricsCurrentAsync([runId], ct);
        return await _db.ReadAsync(async s =>
        {
            var runs = await LoadRunsAsync(s, [runId]);
            return runs.TryGetValue(runId, out var run) ? run : throw RunNotFound(runId);
        }, ct);
    }

    public Task<RunInfo> UpdateRunInfoAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            var row = await ActiveRunRowPreparedAsync(s, runId);
            if (status is { } st) row.Status = st.ToMlflow();
            if (endTime is { } end) row.EndTime = end;
            if (!string.IsNullOrEmpty(runName))
            {
                row.Name = runName;
                await UpsertTagAsync(s, runId, RunNameTag, runName);
            }
            await s.ExecutePreparedAsync("UPDATE runs SET status = @s, end_time = @t, name = @n WHERE run_uuid = @r", RunUpdateParameterNames,
                row.Status, row.EndTime, row.Name, row.RunUuid);
            return ToInfo(row);
        }, ct);

    private static readonly string[] RunUpdateParameterNames = ["s", "t", "n", "r"];

    /// <summary><see cref="ActiveRunRowAsync"/> through a prepared statement, for the hot update path.</summary>
    private static async Task<RunRow> ActiveRunRowPreparedAsync(DbSession s, string runId)
    {
        var command = s.Prepared($"SELECT {RunColumns} FROM runs WHERE run_uuid = @r" + s.Dialect.ForUpdate, ["r"], out var owned);
        RunRow row;
        try
        {
            command.Parameters[0].Value = runId;
            await using var reader = await command.ExecuteReaderAsync(s.CancellationToken);
            if (!await reader.ReadAsync(s.CancellationToken)) throw RunNotFound(runId);
            row = new RunRow
            {
                RunUuid = reader.GetString(0),
                Name = reader.GetString(1),
                ExperimentId = reader.GetInt64(2),
                UserId = reader.GetString(3),
                Status = reader.GetString(4),
                StartTime = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                EndTime = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                LifecycleStage = reader.GetString(7),
                ArtifactUri = reader.GetString(8),
            };
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
        if (row.LifecycleStage != "active")
            throw GyreException.InvalidParameter(
                $"The run {runId} must be in the 'active' state. Current state is {row.LifecycleStage}.");
        return row;
    }

    public Task DeleteRunAsync(string runId, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            await RunRowAsync(s, runId, forUpdate: true);
            await s.ExecuteAsync("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = @now WHERE run_uuid = @runId", new { runId, now = Now() });
        }, ct);

    public Task RestoreRunAsync(string runId, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            await RunRowAsync(s, runId, forUpdate: true);
            await s.ExecuteAsync("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = @runId", new { runId });
        }, ct);

    public Task<PagedResult<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null,
        ViewType viewType = ViewType.ActiveOnly, int? maxResults = null, IReadOnlyList<string>? orderBy = null,
        string? pageToken = null, CancellationToken ct = default)
    {
        var limit = ResultLimits.Resolve(maxResults, ResultLimits.SearchRunsDefault, ResultLimits.SearchRunsMax);
        var offset = PageToken.ParseOffset(pageToken);
        var ids = new List<long>();
        foreach (var e in experimentIds ?? [])
        {
            if (long.TryParse(e, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)) ids.Add(id);
        }
        // Parse (and reject bad filters) even when there is nothing to search.
        var (sql, bag) = RunSearchQuery.Build(ids.Count == 0 ? [-1] : ids, filter, viewType, orderBy, limit + 1, offset, _db.Dialect.TextCollation);
        if (ids.Count == 0) return Task.FromResult(PagedResult<Run>.Empty);
        return SearchRunsCurrentAsync(ids, sql, bag, limit, offset, ct);
    }

    private async Task<PagedResult<Run>> SearchRunsCurrentAsync(List<long> experimentIds, string sql, Search.SqlParameterBag bag, int limit, long offset, CancellationToken ct)
    {
        await ExperimentMetricsCurrentAsync(experimentIds, ct);
        return await _db.ReadAsync(async s =>
        {
            var runIds = (await s.QueryAsync<string>(sql, bag.Parameters)).ToList();
            var hasMore = runIds.Count > limit;
            if (hasMore) runIds.RemoveAt(runIds.Count - 1);
            var runs = await LoadRunsAsync(s, runIds);
            return new PagedResult<Run>(runIds.Select(id => runs[id]).ToList(), hasMore ? PageToken.Create(offset + limit) : null);
        }, ct);
    }

    private static RunInfo ToInfo(RunRow r) => new(
        r.RunUuid,
        r.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        r.Name,
        r.UserId,
        RunStatusNames.TryParse(r.Status) ?? RunStatus.Running,
        r.StartTime,
        r.EndTime,
        r.ArtifactUri,
        LifecycleStageNames.Parse(r.LifecycleStage));

    /// <summary>Loads whole runs for a set of ids with one query per table per chunk (no N+1).</summary>
    private static async Task<Dictionary<string, Run>> LoadRunsAsync(DbSession s, IReadOnlyList<string> runIds)
    {
        var result = new Dictionary<string, Run>(runIds.Count, StringComparer.Ordinal);
        foreach (var chunk in Chunks(runIds))
        {
            var rows = await s.QueryAsync<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_uuid IN @chunk", new { chunk });
            var metrics = (await s.QueryAsync<MetricRow>(
                "SELECT r.run_uuid, m.key, m.value, m.timestamp, m.step, m.is_nan FROM latest_metrics m JOIN runs r ON r.run_key = m.run_key WHERE r.run_uuid IN @chunk ORDER BY m.key", new { chunk }))
                .ToLookup(m => m.RunUuid);
            var @params = (await s.QueryAsync<OwnedKeyValueRow>(
                "SELECT run_uuid AS owner, key, value FROM params WHERE run_uuid IN @chunk ORDER BY key", new { chunk }))
                .ToLookup(p => p.Owner);
            var tags = (await s.QueryAsync<OwnedKeyValueRow>(
                "SELECT run_uuid AS owner, key, value FROM tags WHERE run_uuid IN @chunk ORDER BY key", new { chunk }))
                .ToLookup(p => p.Owner);
            var inputs = (await s.QueryAsync<InputRow>(
                """
                SELECT i.input_uuid, i.destination_id AS run_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
                FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
                WHERE i.destination_type = 'RUN' AND i.source_type = 'DATASET' AND i.destination_id IN @chunk
                ORDER BY i.destination_id, d.name, d.digest
                """, new { chunk })).ToList();
            var inputIds = inputs.Select(i => i.InputUuid).ToList();
            var inputTags = inputIds.Count == 0
                ? Enumerable.Empty<OwnedKeyValueRow>().ToLookup(t => t.Owner)
                : (await s.QueryAsync<OwnedKeyValueRow>(
                    "SELECT input_uuid AS owner, name AS key, value FROM input_tags WHERE input_uuid IN @inputIds ORDER BY name", new { inputIds }))
                    .ToLookup(t => t.Owner);
            var inputsByRun = inputs.ToLookup(i => i.RunUuid);
            var modelLinks = (await s.QueryAsync<RunModelLinkRow>(
                "SELECT run_uuid, direction, model_id, step FROM run_model_links WHERE run_uuid IN @chunk ORDER BY run_uuid, direction, model_id", new { chunk }))
                .ToLookup(l => l.RunUuid);
            foreach (var row in rows)
            {
                var data = new RunData(
                    metrics[row.RunUuid].Select(ToMetric).ToList(),
                    @params[row.RunUuid].Select(p => new Param(p.Key, p.Value)).ToList(),
                    tags[row.RunUuid].Select(t => new RunTag(t.Key, t.Value)).ToList());
                var runInputs = new RunInputs(inputsByRun[row.RunUuid].Select(i => new DatasetInput(
                    inputTags[i.InputUuid].Select(t => new InputTag(t.Key, t.Value)).ToList(),
                    new Dataset(i.Name, i.Digest, i.DatasetSourceType, i.DatasetSource, i.DatasetSchema, i.DatasetProfile))).ToList())
                {
                    ModelInputs = modelLinks[row.RunUuid].Where(l => l.Direction == "INPUT").Select(l => new ModelInput(l.ModelId)).ToList(),
                };
                var outputs = modelLinks[row.RunUuid].Where(l => l.Direction == "OUTPUT").Select(l => new ModelOutput(l.ModelId, l.Step)).ToList();
                result[row.RunUuid] = new Run(ToInfo(row), data, runInputs) { Outputs = outputs.Count == 0 ? RunOutputs.Empty : new RunOutputs(outputs) };
            }
        }
        return result;
    }

    private static Metric ToMetric(MetricRow m) => new(m.Key, m.IsNan != 0 ? double.NaN : m.Value, m.Timestamp, m.Step);

    private static Task UpsertTagAsync(DbSession s, string runId, string key, string value) =>
        s.ExecuteAsync(
            "INSERT INTO tags (run_uuid, key, value) VALUES (@runId, @key, @value) ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value",
            new { runId, key, value });
}
