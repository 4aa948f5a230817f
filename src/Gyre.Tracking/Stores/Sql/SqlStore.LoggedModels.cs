using System.Globalization;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.LoggedModels;
using Gyre.Tracking.Paging;
using Gyre.Tracking.Runs;
using Gyre.Tracking.Search;
using Gyre.Tracking.Sql;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    private const string LoggedModelColumns =
        "model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, status_message, lifecycle_stage, model_type, source_run_id";

    /// <summary>The logged-model tag in which MLflow records the model versions registered from a model.</summary>
    public const string ModelVersionsTag = "mlflow.modelVersions";

    public Task<LoggedModel> CreateLoggedModelAsync(string experimentId, string? name = null, string? modelType = null, string? sourceRunId = null,
        IReadOnlyList<LoggedModelParameter>? @params = null, IReadOnlyList<LoggedModelTag>? tags = null, CancellationToken ct = default)
    {
        LoggedModelValidation.Name(name);
        foreach (var p in @params ?? []) LoggedModelValidation.Param(p);
        foreach (var t in tags ?? []) LoggedModelValidation.Tag(t);
        var expId = ParseExperimentId(experimentId);
        return _db.WriteAsync(async s =>
        {
            var experiment = await s.QuerySingleOrDefaultAsync<ExperimentRow>(
                "SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = @expId", new { expId })
                ?? throw ExperimentNotFound(experimentId);
            if (experiment.LifecycleStage != "active")
                throw GyreException.InvalidParameter(
                    $"The experiment {experimentId} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
            var modelId = "m-" + Guid.NewGuid().ToString("N");
            var now = Now();
            await s.ExecuteAsync(
                $"""
                INSERT INTO logged_models ({LoggedModelColumns})
                VALUES (@modelId, @expId, @name, @location, @now, @now, 'PENDING', NULL, 'active', @modelType, @sourceRunId)
                """,
                new
                {
                    modelId,
                    expId,
                    name = name ?? RunNameGenerator.Next(),
                    location = AppendPath(experiment.ArtifactLocation, "models", modelId, "artifacts"),
                    now,
                    modelType = string.IsNullOrEmpty(modelType) ? null : modelType,
                    sourceRunId = string.IsNullOrEmpty(sourceRunId) ? null : sourceRunId,
                });
            await InsertModelParamsAsync(s, modelId, @params ?? []);
            await UpsertModelTagsAsync(s, modelId, tags ?? []);
            return (await LoadLoggedModelsAsync(s, [modelId]))[modelId];
        }, ct);
    }

    public Task<LoggedModel> GetLoggedModelAsync(string modelId, bool allowDeleted = false, CancellationToken ct = default) =>
        _db.ReadAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted);
            return (await LoadLoggedModelsAsync(s, [modelId]))[modelId];
        }, ct);

    public Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken ct = default)
    {
        if (!Enum.IsDefined(status))
            throw GyreException.InvalidParameter($"Invalid logged model status: {(int)status}.");
        return _db.WriteAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
            await s.ExecuteAsync("UPDATE logged_models SET status = @status, last_updated_timestamp_ms = @now WHERE model_id = @modelId",
                new { modelId, status = status.ToMlflow(), now = Now() });
            return (await LoadLoggedModelsAsync(s, [modelId]))[modelId];
        }, ct);
    }

    public Task DeleteLoggedModelAsync(string modelId, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
            await s.ExecuteAsync("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = @now WHERE model_id = @modelId",
                new { modelId, now = Now() });
        }, ct);

    public Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<LoggedModelTag> tags, CancellationToken ct = default)
    {
        foreach (var t in tags ?? []) LoggedModelValidation.Tag(t);
        return _db.WriteAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
            await UpsertModelTagsAsync(s, modelId, tags ?? []);
        }, ct);
    }

    public Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken ct = default) =>
        _db.WriteAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
            var deleted = await s.ExecuteAsync("DELETE FROM logged_model_tags WHERE model_id = @modelId AND key = @key", new { modelId, key });
            if (deleted == 0) throw GyreException.NotFound($"No tag with key '{key}' found for model with ID '{modelId}'.");
        }, ct);

    public Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<LoggedModelParameter> @params, CancellationToken ct = default)
    {
        foreach (var p in @params ?? []) LoggedModelValidation.Param(p);
        return _db.WriteAsync(async s =>
        {
            await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
            await InsertModelParamsAsync(s, modelId, @params ?? []);
        }, ct);
    }

    public Task<PagedResult<LoggedModel>> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null,
        IReadOnlyList<LoggedModelDatasetFilter>? datasets = null, int? maxResults = null, IReadOnlyList<LoggedModelOrderBy>? orderBy = null,
        string? pageToken = null, CancellationToken ct = default)
    {
        experimentIds ??= [];
        var limit = ResultLimits.Resolve(maxResults, ResultLimits.SearchLoggedModelsDefault, ResultLimits.SearchLoggedModelsMax);
        foreach (var d in datasets ?? [])
            if (string.IsNullOrEmpty(d.DatasetName)) throw GyreException.InvalidParameter("Missing value for required parameter 'datasets.dataset_name'.");
        var offset = LoggedModelPageToken.ParseOffset(pageToken, experimentIds, filter, orderBy);
        var ids = new List<long>();
        foreach (var e in experimentIds)
            if (long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
        // Parse (and reject bad filters) even when there is nothing to search.
        var (sql, bag) = LoggedModelSearchQuery.Build(ids.Count == 0 ? [-1] : ids, filter, datasets, orderBy, limit + 1, offset, _db.Dialect.TextCollation);
        if (ids.Count == 0) return Task.FromResult(PagedResult<LoggedModel>.Empty);
        return _db.ReadAsync(async s =>
        {
            var modelIds = (await s.QueryAsync<string>(sql, bag.Parameters)).ToList();
            var hasMore = modelIds.Count > limit;
            if (hasMore) modelIds.RemoveAt(modelIds.Count - 1);
            var models = await LoadLoggedModelsAsync(s, modelIds);
            return new PagedResult<LoggedModel>(
                modelIds.Select(id => models[id]).ToList(),
                hasMore ? LoggedModelPageToken.Create(experimentIds, filter, orderBy, offset + limit) : null);
        }, ct);
    }

    public Task LogOutputsAsync(string runId, IReadOnlyList<ModelOutput> models, CancellationToken ct = default)
    {
        foreach (var m in models ?? [])
            if (string.IsNullOrEmpty(m.ModelId)) throw GyreException.InvalidParameter("Missing value for required parameter 'models.model_id'.");
        return _db.WriteAsync(async s =>
        {
            await ActiveRunRowAsync(s, runId);
            foreach (var m in models ?? [])
            {
                await LoggedModelRowAsync(s, m.ModelId);
                await s.ExecuteAsync(
                    "INSERT INTO run_model_links (run_uuid, direction, model_id, step) VALUES (@runId, 'OUTPUT', @ModelId, @Step) ON CONFLICT (run_uuid, direction, model_id) DO UPDATE SET step = excluded.step",
                    new { runId, m.ModelId, m.Step });
            }
        }, ct);
    }

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, IReadOnlyList<ModelInput>? models, CancellationToken ct = default)
    {
        ValidateDatasetInputs(datasets);
        foreach (var m in models ?? [])
            if (string.IsNullOrEmpty(m.ModelId)) throw GyreException.InvalidParameter("Missing value for required parameter 'models.model_id'.");
        return _db.WriteAsync(async s =>
        {
            var run = await ActiveRunRowAsync(s, runId);
            await InsertDatasetInputsAsync(s, run, runId, datasets);
            foreach (var m in models ?? [])
            {
                await LoggedModelRowAsync(s, m.ModelId);
                await s.ExecuteAsync(
                    "INSERT INTO run_model_links (run_uuid, direction, model_id, step) VALUES (@runId, 'INPUT', @ModelId, 0) ON CONFLICT DO NOTHING",
                    new { runId, m.ModelId });
            }
        }, ct);
    }

    // ---- shared with runs and the registry ----

    private static GyreException LoggedModelNotFound(string modelId) =>
        GyreException.NotFound($"Logged model with ID '{modelId}' not found.");

    private static async Task<LoggedModelRow> LoggedModelRowAsync(DbSession s, string modelId, bool allowDeleted = false, bool forUpdate = false)
    {
        var row = await s.QuerySingleOrDefaultAsync<LoggedModelRow>(
            $"SELECT {LoggedModelColumns} FROM logged_models WHERE model_id = @modelId" + (forUpdate ? s.Dialect.ForUpdate : ""),
            new { modelId });
        if (row is null || (!allowDeleted && row.LifecycleStage != "active")) throw LoggedModelNotFound(modelId);
        return row;
    }

    /// <summary>Links metrics that name a logged model to it (MLflow 3), in the logging transaction.</summary>
    private static async Task LinkModelMetricsAsync(DbSession s, string runId, IReadOnlyList<Metric> metrics)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            if (m.ModelId is null) continue;
            if (known.Add(m.ModelId)) await LoggedModelRowAsync(s, m.ModelId);
            var isNan = double.IsNaN(m.Value);
            await s.ExecuteAsync(
                """
                INSERT INTO logged_model_metrics (model_id, key, timestamp, step, value, is_nan, run_id, dataset_name, dataset_digest)
                VALUES (@ModelId, @Key, @Timestamp, @Step, @value, @isNan, @runId, @datasetName, @datasetDigest)
                ON CONFLICT (model_id, key, timestamp, step, run_id, dataset_name, dataset_digest) DO UPDATE SET value = excluded.value, is_nan = excluded.is_nan
                """,
                new
                {
                    m.ModelId,
                    m.Key,
                    m.Timestamp,
                    m.Step,
                    value = isNan ? 0 : m.Value,
                    isNan = isNan ? 1 : 0,
                    runId,
                    datasetName = m.DatasetName ?? "",
                    datasetDigest = m.DatasetDigest ?? "",
                });
        }
    }

    private static bool NamesModel(IReadOnlyList<Metric> metrics)
    {
        for (var i = 0; i < metrics.Count; i++)
            if (metrics[i].ModelId is not null) return true;
        return false;
    }

    /// <summary>
    /// Appends {"name", "version"} to the model's <c>mlflow.modelVersions</c> tag (a JSON list) unless it is there,
    /// keeping entries others wrote, as MLflow's set_model_versions_tags does.
    /// </summary>
    private static async Task AppendModelVersionTagAsync(DbSession s, string modelId, string name, long version)
    {
        await LoggedModelRowAsync(s, modelId, allowDeleted: true, forUpdate: true);
        var current = await s.QuerySingleOrDefaultAsync<string>(
            "SELECT value FROM logged_model_tags WHERE model_id = @modelId AND key = @key", new { modelId, key = ModelVersionsTag });
        var entries = current is null ? null : TryParseArray(current);
        entries ??= [];
        var entry = new JsonObject { ["name"] = name, ["version"] = version };
        if (entries.Any(e => JsonNode.DeepEquals(e, entry))) return;
        entries.Add(entry);
        await UpsertModelTagsAsync(s, modelId, [new LoggedModelTag(ModelVersionsTag, PythonJson.Dumps(entries))]);
    }

    private static JsonArray? TryParseArray(string value)
    {
        try
        {
            return JsonNode.Parse(value) as JsonArray;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static async Task UpsertModelTagsAsync(DbSession s, string modelId, IReadOnlyList<LoggedModelTag> tags)
    {
        foreach (var tag in DistinctLast(tags, t => t.Key))
        {
            await s.ExecuteAsync(
                "INSERT INTO logged_model_tags (model_id, key, value) VALUES (@modelId, @Key, @Value) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value",
                new { modelId, tag.Key, tag.Value });
        }
    }

    private static async Task InsertModelParamsAsync(DbSession s, string modelId, IReadOnlyList<LoggedModelParameter> @params)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in @params)
        {
            if (seen.TryGetValue(p.Key, out var earlier) && earlier != p.Value)
                throw GyreException.InvalidParameter(
                    $"Duplicate parameter keys have been submitted: ['{p.Key}']. Please ensure the request contains only one param value per param key.");
            seen[p.Key] = p.Value;
            var existing = await s.QuerySingleOrDefaultAsync<string>(
                "SELECT value FROM logged_model_params WHERE model_id = @modelId AND key = @Key", new { modelId, p.Key });
            if (existing is null)
            {
                await s.ExecuteAsync("INSERT INTO logged_model_params (model_id, key, value) VALUES (@modelId, @Key, @Value)", new { modelId, p.Key, p.Value });
            }
            else if (existing != p.Value)
            {
                throw GyreException.InvalidParameter(
                    $"Changing param values is not allowed. Param with key='{p.Key}' was already logged with value='{existing}' for logged model ID='{modelId}'. Attempted logging new value '{p.Value}'.");
            }
        }
    }

    /// <summary>Loads whole logged models for a set of ids with one query per table per chunk.</summary>
    private static async Task<Dictionary<string, LoggedModel>> LoadLoggedModelsAsync(DbSession s, IReadOnlyList<string> modelIds)
    {
        var result = new Dictionary<string, LoggedModel>(modelIds.Count, StringComparer.Ordinal);
        foreach (var chunk in Chunks(modelIds))
        {
            var rows = await s.QueryAsync<LoggedModelRow>($"SELECT {LoggedModelColumns} FROM logged_models WHERE model_id IN @chunk", new { chunk });
            var tags = (await s.QueryAsync<OwnedKeyValueRow>(
                "SELECT model_id AS owner, key, value FROM logged_model_tags WHERE model_id IN @chunk ORDER BY key", new { chunk })).ToLookup(t => t.Owner);
            var @params = (await s.QueryAsync<OwnedKeyValueRow>(
                "SELECT model_id AS owner, key, value FROM logged_model_params WHERE model_id IN @chunk ORDER BY key", new { chunk })).ToLookup(p => p.Owner);
            var metrics = (await s.QueryAsync<LoggedModelMetricRow>(
                """
                SELECT model_id, key, value, timestamp, step, is_nan, run_id, dataset_name, dataset_digest FROM logged_model_metrics
                WHERE model_id IN @chunk ORDER BY key, timestamp, step, run_id, dataset_name, dataset_digest
                """, new { chunk })).ToLookup(m => m.ModelId);
            foreach (var r in rows)
            {
                var info = new LoggedModelInfo(
                    r.ModelId,
                    r.ExperimentId.ToString(CultureInfo.InvariantCulture),
                    r.Name,
                    r.CreationTimestampMs,
                    r.LastUpdatedTimestampMs,
                    r.ArtifactLocation,
                    LoggedModelStatusNames.Parse(r.Status),
                    r.StatusMessage,
                    r.ModelType,
                    r.SourceRunId,
                    LifecycleStageNames.Parse(r.LifecycleStage),
                    tags[r.ModelId].Select(t => new LoggedModelTag(t.Key, t.Value)).ToList());
                var data = new LoggedModelData(
                    @params[r.ModelId].Select(p => new LoggedModelParameter(p.Key, p.Value)).ToList(),
                    metrics[r.ModelId].Select(m => new LoggedModelMetric(
                        m.ModelId, m.Key, m.IsNan != 0 ? double.NaN : m.Value, m.Timestamp, m.Step,
                        m.RunId.Length == 0 ? null : m.RunId,
                        m.DatasetName.Length == 0 ? null : m.DatasetName,
                        m.DatasetDigest.Length == 0 ? null : m.DatasetDigest)).ToList());
                result[r.ModelId] = new LoggedModel(info, data);
            }
        }
        return result;
    }
}
