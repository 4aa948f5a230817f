using System.Globalization;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.LoggedModels;
using Gyre.Tracking.Paging;
using Gyre.Tracking.Search;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    private const string VersionColumns =
        "v.name, v.version, v.creation_time, v.last_updated_time, v.description, v.user_id, v.current_stage, v.source, v.run_id, v.run_link, v.status, v.status_message, v.model_id, v.storage_location";

    // ---- registered models ----

    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<RegisteredModelTag>? tags = null, string? description = null, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        foreach (var tag in tags ?? []) TrackingValidation.RegistryTag("Registered model", tag.Key, tag.Value);
        try
        {
            return await _db.WriteAsync(async s =>
            {
                var now = Now();
                await s.ExecuteAsync(
                    "INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (@name, @now, @now, @description)",
                    new { name, now, description });
                foreach (var tag in DistinctLast(tags ?? [], t => t.Key))
                    await s.ExecuteAsync("INSERT INTO registered_model_tags (name, key, value) VALUES (@name, @Key, @Value)", new { name, tag.Key, tag.Value });
                return (await LoadModelsAsync(s, [name]))[0];
            }, ct);
        }
        catch (Exception e) when (_db.Dialect.IsUniqueViolation(e))
        {
            throw GyreException.AlreadyExists($"Registered Model (name={name}) already exists.");
        }
    }

    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        return _db.ReadAsync(async s =>
        {
            var models = await LoadModelsAsync(s, [name]);
            return models.Count == 1 ? models[0] : throw ModelNotFound(name);
        }, ct);
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        TrackingValidation.ModelName(newName);
        try
        {
            return await _db.WriteAsync(async s =>
            {
                await ModelRowAsync(s, name, forUpdate: true);
                await s.ExecuteAsync("UPDATE registered_models SET name = @newName, last_updated_time = @now WHERE name = @name",
                    new { name, newName, now = Now() });
                return (await LoadModelsAsync(s, [newName]))[0];
            }, ct);
        }
        catch (Exception e) when (_db.Dialect.IsUniqueViolation(e))
        {
            throw GyreException.AlreadyExists($"Registered Model (name={newName}) already exists.");
        }
    }

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await s.ExecuteAsync("UPDATE registered_models SET description = @description, last_updated_time = @now WHERE name = @name",
                new { name, description, now = Now() });
            return (await LoadModelsAsync(s, [name]))[0];
        }, ct);
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            // Explicit deletes (not only FK cascades) so the outcome never depends on engine settings.
            await s.ExecuteAsync("DELETE FROM model_version_tags WHERE name = @name", new { name });
            await s.ExecuteAsync("DELETE FROM registered_model_aliases WHERE name = @name", new { name });
            await s.ExecuteAsync("DELETE FROM model_versions WHERE name = @name", new { name });
            await s.ExecuteAsync("DELETE FROM registered_model_tags WHERE name = @name", new { name });
            await s.ExecuteAsync("DELETE FROM registered_models WHERE name = @name", new { name });
        }, ct);
    }

    public Task<PagedResult<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, int? maxResults = null, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken ct = default)
    {
        var limit = ResultLimits.Resolve(maxResults, ResultLimits.SearchRegisteredModelsDefault, ResultLimits.SearchRegisteredModelsMax);
        var offset = PageToken.ParseOffset(pageToken);
        var (sql, bag) = RegistrySearchQuery.Models(filter, orderBy, limit + 1, offset, _db.Dialect.TextCollation);
        return _db.ReadAsync(async s =>
        {
            var names = (await s.QueryAsync<string>(sql, bag.Parameters)).ToList();
            var hasMore = names.Count > limit;
            if (hasMore) names.RemoveAt(names.Count - 1);
            var models = new Dictionary<string, RegisteredModel>(StringComparer.Ordinal);
            foreach (var chunk in Chunks(names))
                foreach (var m in await LoadModelsAsync(s, chunk)) models[m.Name] = m;
            return new PagedResult<RegisteredModel>(names.Select(n => models[n]).ToList(), hasMore ? PageToken.Create(offset + limit) : null);
        }, ct);
    }

    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages = null, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        var wanted = stages is null || stages.Count == 0 ? ModelStages.All : stages.Select(ModelStages.Canonicalize).Distinct().ToList();
        return _db.ReadAsync<IReadOnlyList<ModelVersion>>(async s =>
        {
            await ModelRowAsync(s, name);
            var latest = await LatestVersionsAsync(s, [name]);
            return wanted.SelectMany(stage => latest.Where(v => v.CurrentStage == stage)).ToList();
        }, ct);
    }

    public Task SetRegisteredModelTagAsync(string name, RegisteredModelTag tag, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        TrackingValidation.RegistryTag("Registered model", tag.Key, tag.Value);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await s.ExecuteAsync(
                "INSERT INTO registered_model_tags (name, key, value) VALUES (@name, @Key, @Value) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value",
                new { name, tag.Key, tag.Value });
        }, ct);
    }

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        TrackingValidation.TagName(key);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await s.ExecuteAsync("DELETE FROM registered_model_tags WHERE name = @name AND key = @key", new { name, key });
        }, ct);
    }

    // ---- model versions ----

    public Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null, IReadOnlyList<ModelVersionTag>? tags = null,
        string? runLink = null, string? description = null, CancellationToken ct = default) =>
        CreateModelVersionAsync(name, source, runId, tags, runLink, description, null, ct);

    public Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId, IReadOnlyList<ModelVersionTag>? tags,
        string? runLink, string? description, string? modelId, CancellationToken ct)
    {
        TrackingValidation.ModelName(name);
        if (source is null) throw GyreException.InvalidParameter("Model version source must be specified.");
        foreach (var tag in tags ?? []) TrackingValidation.RegistryTag("Model version", tag.Key, tag.Value);
        modelId = string.IsNullOrEmpty(modelId) ? null : modelId;
        return _db.WriteAsync(async s =>
        {
            // The row lock (PostgreSQL) / single writer (SQLite) makes version numbers gap-free and unique.
            await ModelRowAsync(s, name, forUpdate: true);
            // MLflow 3 registers 'models:/m-<id>': the files live at the logged model's artifact location.
            string? storageLocation = null;
            var sourceModelId = LoggedModelUri.TryParseModelId(source);
            var linkedModelId = modelId ?? sourceModelId;
            if (linkedModelId is not null)
            {
                var model = await LoggedModelRowAsync(s, linkedModelId);
                if (sourceModelId is not null) storageLocation = model.ArtifactLocation;
                runId ??= string.IsNullOrEmpty(model.SourceRunId) ? null : model.SourceRunId;
            }
            else if (source.StartsWith("models:/", StringComparison.Ordinal))
            {
                // A version copied from another version (models:/<name>/<version>) keeps that version's files.
                var (sourceName, suffix, _) = Registry.ModelUriResolver.Parse(source);
                if (suffix is not null && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceVersion))
                {
                    var origin = await VersionAsync(s, sourceName, sourceVersion);
                    storageLocation = origin.DownloadUri;
                }
            }
            var version = 1 + (await s.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM model_versions WHERE name = @name", new { name }) ?? 0);
            var now = Now();
            await s.ExecuteAsync(
                """
                INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, run_link, status, status_message, model_id, storage_location)
                VALUES (@name, @version, @now, @now, @description, NULL, 'None', @source, @runId, @runLink, 'READY', NULL, @modelId, @storageLocation)
                """,
                new { name, version, now, description, source, runId, runLink, modelId, storageLocation });
            foreach (var tag in DistinctLast(tags ?? [], t => t.Key))
                await s.ExecuteAsync("INSERT INTO model_version_tags (name, version, key, value) VALUES (@name, @version, @Key, @Value)",
                    new { name, version, tag.Key, tag.Value });
            await s.ExecuteAsync("UPDATE registered_models SET last_updated_time = @now WHERE name = @name", new { name, now });
            // As MLflow's handler: the logged model records its registrations in the 'mlflow.modelVersions' tag.
            if (modelId is not null) await AppendModelVersionTagAsync(s, modelId, name, version);
            return (await LoadVersionsAsync(s, "v.name = @name AND v.version = @version", new { name, version }))[0];
        }, ct);
    }

    public Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        return _db.ReadAsync(s => VersionAsync(s, name, v), ct);
    }

    public Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        return _db.WriteAsync(async s =>
        {
            await VersionAsync(s, name, v);
            await s.ExecuteAsync("UPDATE model_versions SET description = @description, last_updated_time = @now WHERE name = @name AND version = @v",
                new { name, v, description, now = Now() });
            return await VersionAsync(s, name, v);
        }, ct);
    }

    public Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        var target = ModelStages.Canonicalize(stage);
        if (archiveExistingVersions && !ModelStages.Active.Contains(target))
            throw GyreException.InvalidParameter(
                $"Model version transition cannot archive existing model versions because '{target}' is not an Active stage. Valid stages are {string.Join(", ", ModelStages.Active)}");
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await VersionAsync(s, name, v);
            var now = Now();
            if (archiveExistingVersions)
            {
                await s.ExecuteAsync(
                    "UPDATE model_versions SET current_stage = 'Archived', last_updated_time = @now WHERE name = @name AND current_stage = @target AND version <> @v",
                    new { name, v, target, now });
            }
            await s.ExecuteAsync("UPDATE model_versions SET current_stage = @target, last_updated_time = @now WHERE name = @name AND version = @v",
                new { name, v, target, now });
            await s.ExecuteAsync("UPDATE registered_models SET last_updated_time = @now WHERE name = @name", new { name, now });
            return await VersionAsync(s, name, v);
        }, ct);
    }

    public Task DeleteModelVersionAsync(string name, string version, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await VersionAsync(s, name, v);
            var now = Now();
            // As MLflow: the row stays (so the number is never reused) but is hidden and scrubbed.
            await s.ExecuteAsync(
                """
                UPDATE model_versions SET current_stage = 'Deleted_Internal', description = NULL, user_id = NULL,
                    source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID', run_link = 'REDACTED-RUN-LINK', status_message = NULL,
                    last_updated_time = @now
                WHERE name = @name AND version = @v
                """,
                new { name, v, now });
            await s.ExecuteAsync("DELETE FROM model_version_tags WHERE name = @name AND version = @v", new { name, v });
            await s.ExecuteAsync("DELETE FROM registered_model_aliases WHERE name = @name AND version = @v", new { name, v });
            await s.ExecuteAsync("UPDATE registered_models SET last_updated_time = @now WHERE name = @name", new { name, now });
        }, ct);
    }

    public Task<PagedResult<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int? maxResults = null, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken ct = default)
    {
        var limit = ResultLimits.Resolve(maxResults, ResultLimits.SearchModelVersionsDefault, ResultLimits.SearchModelVersionsMax);
        var offset = PageToken.ParseOffset(pageToken);
        var (sql, bag) = RegistrySearchQuery.Versions(filter, orderBy, limit + 1, offset, _db.Dialect.TextCollation);
        return _db.ReadAsync(async s =>
        {
            var keys = (await s.QueryAsync<NameVersionRow>(sql, bag.Parameters)).ToList();
            var hasMore = keys.Count > limit;
            if (hasMore) keys.RemoveAt(keys.Count - 1);
            var found = new Dictionary<(string, long), ModelVersion>();
            foreach (var group in keys.GroupBy(k => k.Name))
            {
                foreach (var chunk in Chunks(group.Select(k => k.Version)))
                {
                    foreach (var mv in await LoadVersionsAsync(s, "v.name = @name AND v.version IN @chunk", new { name = group.Key, chunk }))
                        found[(mv.Name, long.Parse(mv.Version, CultureInfo.InvariantCulture))] = mv;
                }
            }
            return new PagedResult<ModelVersion>(keys.Select(k => found[(k.Name, k.Version)]).ToList(), hasMore ? PageToken.Create(offset + limit) : null);
        }, ct);
    }

    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken ct = default) =>
        (await GetModelVersionAsync(name, version, ct)).DownloadUri;

    public Task SetModelVersionTagAsync(string name, string version, ModelVersionTag tag, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        TrackingValidation.RegistryTag("Model version", tag.Key, tag.Value);
        return _db.WriteAsync(async s =>
        {
            await VersionAsync(s, name, v);
            await s.ExecuteAsync(
                "INSERT INTO model_version_tags (name, version, key, value) VALUES (@name, @v, @Key, @Value) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
                new { name, v, tag.Key, tag.Value });
        }, ct);
    }

    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken ct = default)
    {
        var v = ParseVersion(name, version);
        TrackingValidation.TagName(key);
        return _db.WriteAsync(async s =>
        {
            await VersionAsync(s, name, v);
            await s.ExecuteAsync("DELETE FROM model_version_tags WHERE name = @name AND version = @v AND key = @key", new { name, v, key });
        }, ct);
    }

    // ---- aliases ----

    public Task SetRegisteredModelAliasAsync(string name, string alias, string version, CancellationToken ct = default)
    {
        TrackingValidation.AliasName(alias);
        var v = ParseVersion(name, version);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await VersionAsync(s, name, v);
            await s.ExecuteAsync(
                "INSERT INTO registered_model_aliases (name, alias, version) VALUES (@name, @alias, @v) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
                new { name, alias, v });
            await s.ExecuteAsync("UPDATE registered_models SET last_updated_time = @now WHERE name = @name", new { name, now = Now() });
        }, ct);
    }

    public Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken ct = default)
    {
        TrackingValidation.AliasName(alias);
        TrackingValidation.ModelName(name);
        return _db.WriteAsync(async s =>
        {
            await ModelRowAsync(s, name, forUpdate: true);
            await s.ExecuteAsync("DELETE FROM registered_model_aliases WHERE name = @name AND alias = @alias", new { name, alias });
        }, ct);
    }

    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken ct = default)
    {
        TrackingValidation.ModelName(name);
        return _db.ReadAsync(async s =>
        {
            await ModelRowAsync(s, name);
            var version = await s.QuerySingleOrDefaultAsync<long?>(
                "SELECT version FROM registered_model_aliases WHERE name = @name AND alias = @alias", new { name, alias })
                ?? throw GyreException.InvalidParameter($"Registered model alias {alias} not found.");
            return await VersionAsync(s, name, version);
        }, ct);
    }

    // ---- helpers ----

    private static GyreException ModelNotFound(string name) => GyreException.NotFound($"Registered Model with name={name} not found");

    private static long ParseVersion(string name, string version)
    {
        TrackingValidation.ModelName(name);
        return TrackingValidation.ModelVersion(version);
    }

    private static async Task<RegisteredModelRow> ModelRowAsync(DbSession s, string name, bool forUpdate = false) =>
        await s.QuerySingleOrDefaultAsync<RegisteredModelRow>(
            "SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name = @name" + (forUpdate ? s.Dialect.ForUpdate : ""),
            new { name })
        ?? throw ModelNotFound(name);

    private static async Task<ModelVersion> VersionAsync(DbSession s, string name, long version)
    {
        var list = await LoadVersionsAsync(s, "v.name = @name AND v.version = @version AND v.current_stage <> 'Deleted_Internal'", new { name, version });
        return list.Count == 1
            ? list[0]
            : throw GyreException.NotFound($"Model Version (name={name}, version={version}) not found");
    }

    private static async Task<List<ModelVersion>> LoadVersionsAsync(DbSession s, string where, object param)
    {
        var rows = (await s.QueryAsync<ModelVersionRow>($"SELECT {VersionColumns} FROM model_versions v WHERE {where} ORDER BY v.name, v.version", param)).ToList();
        return await WithTagsAndAliasesAsync(s, rows);
    }

    private static async Task<List<ModelVersion>> WithTagsAndAliasesAsync(DbSession s, List<ModelVersionRow> rows)
    {
        if (rows.Count == 0) return [];
        var result = new List<ModelVersion>(rows.Count);
        foreach (var byName in rows.GroupBy(r => r.Name))
        {
            var name = byName.Key;
            var versions = byName.Select(r => r.Version).ToList();
            var tags = new List<VersionKeyValueRow>();
            var aliases = new List<AliasRow>();
            foreach (var chunk in Chunks(versions))
            {
                tags.AddRange(await s.QueryAsync<VersionKeyValueRow>(
                    "SELECT name, version, key, value FROM model_version_tags WHERE name = @name AND version IN @chunk ORDER BY key", new { name, chunk }));
                aliases.AddRange(await s.QueryAsync<AliasRow>(
                    "SELECT name, alias, version FROM registered_model_aliases WHERE name = @name AND version IN @chunk ORDER BY alias", new { name, chunk }));
            }
            var tagsByVersion = tags.ToLookup(t => t.Version);
            var aliasesByVersion = aliases.ToLookup(a => a.Version);
            foreach (var r in byName)
            {
                result.Add(new ModelVersion(
                    r.Name, r.Version.ToString(CultureInfo.InvariantCulture), r.CreationTime, r.LastUpdatedTime, r.UserId,
                    r.CurrentStage, r.Description, r.Source, r.RunId, ParseStatus(r.Status), r.StatusMessage,
                    tagsByVersion[r.Version].Select(t => new ModelVersionTag(t.Key, t.Value)).ToList(),
                    r.RunLink,
                    aliasesByVersion[r.Version].Select(a => a.Alias).ToList())
                {
                    ModelId = r.ModelId,
                    StorageLocation = r.StorageLocation,
                });
            }
        }
        return result;
    }

    private static ModelVersionStatus ParseStatus(string status) => status switch
    {
        "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration,
        "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration,
        _ => ModelVersionStatus.Ready,
    };

    /// <summary>The newest live version per (model, stage) for the given models.</summary>
    private static async Task<List<ModelVersion>> LatestVersionsAsync(DbSession s, IReadOnlyList<string> names)
    {
        var rows = (await s.QueryAsync<ModelVersionRow>(
            $"""
            SELECT {VersionColumns} FROM model_versions v
            JOIN (SELECT name, current_stage, MAX(version) AS version FROM model_versions
                  WHERE name IN @names AND current_stage <> 'Deleted_Internal' GROUP BY name, current_stage) l
              ON l.name = v.name AND l.version = v.version
            ORDER BY v.name, v.version
            """, new { names })).ToList();
        return await WithTagsAndAliasesAsync(s, rows);
    }

    private static async Task<List<RegisteredModel>> LoadModelsAsync(DbSession s, IReadOnlyList<string> names)
    {
        var rows = (await s.QueryAsync<RegisteredModelRow>(
            "SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name IN @names", new { names })).ToList();
        if (rows.Count == 0) return [];
        var tags = (await s.QueryAsync<OwnedKeyValueRow>(
            "SELECT name AS owner, key, value FROM registered_model_tags WHERE name IN @names ORDER BY key", new { names })).ToLookup(t => t.Owner);
        var aliases = (await s.QueryAsync<AliasRow>(
            "SELECT name, alias, version FROM registered_model_aliases WHERE name IN @names ORDER BY alias", new { names })).ToLookup(a => a.Name);
        var latest = (await LatestVersionsAsync(s, names)).ToLookup(v => v.Name);
        var stageOrder = ModelStages.All.Select((stage, i) => (stage, i)).ToDictionary(x => x.stage, x => x.i);
        return rows.Select(r => new RegisteredModel(
            r.Name, r.CreationTime, r.LastUpdatedTime, r.Description,
            latest[r.Name].OrderBy(v => stageOrder.GetValueOrDefault(v.CurrentStage, 99)).ToList(),
            tags[r.Name].Select(t => new RegisteredModelTag(t.Key, t.Value)).ToList(),
            aliases[r.Name].Select(a => new RegisteredModelAlias(a.Alias, a.Version.ToString(CultureInfo.InvariantCulture))).ToList())).ToList();
    }
}
