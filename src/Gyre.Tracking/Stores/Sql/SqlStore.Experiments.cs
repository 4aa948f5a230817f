using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;
using Gyre.Tracking.Search;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Validation;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    private const string ExperimentColumns =
        "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyList<ExperimentTag>? tags = null, CancellationToken ct = default)
    {
        TrackingValidation.ExperimentName(name);
        TrackingValidation.ArtifactLocation(artifactLocation);
        foreach (var tag in tags ?? []) TrackingValidation.ExperimentTag(tag);
        try
        {
            var id = await _db.WriteAsync(async s =>
            {
                var now = Now();
                var newId = await s.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                    VALUES (@name, @location, 'active', @now, @now) RETURNING experiment_id
                    """,
                    new { name, location = artifactLocation ?? "", now });
                if (string.IsNullOrEmpty(artifactLocation))
                {
                    await s.ExecuteAsync("UPDATE experiments SET artifact_location = @location WHERE experiment_id = @newId",
                        new { location = AppendPath(_options.DefaultArtifactRoot, newId.ToString(System.Globalization.CultureInfo.InvariantCulture)), newId });
                }
                foreach (var tag in DistinctLast(tags ?? [], t => t.Key))
                {
                    await s.ExecuteAsync("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@newId, @Key, @Value)",
                        new { newId, tag.Key, tag.Value });
                }
                return newId;
            }, ct);
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (_db.Dialect.IsUniqueViolation(e))
        {
            throw GyreException.AlreadyExists($"Experiment(name={name}) already exists.");
        }
    }

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        return _db.ReadAsync(async s =>
        {
            var list = await LoadExperimentsAsync(s, "experiment_id = @id", new { id });
            return list.Count == 1 ? list[0] : throw ExperimentNotFound(experimentId);
        }, ct);
    }

    public Task<Experiment> GetExperimentByNameAsync(string name, CancellationToken ct = default) =>
        _db.ReadAsync(async s =>
        {
            var list = await LoadExperimentsAsync(s, "name = @name", new { name });
            return list.Count == 1
                ? list[0]
                : throw GyreException.NotFound($"Could not find experiment with name '{name}'");
        }, ct);

    public Task<PagedResult<Experiment>> SearchExperimentsAsync(
        ViewType viewType = ViewType.ActiveOnly, int? maxResults = null, string? filter = null,
        IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken ct = default)
    {
        var limit = ResultLimits.Resolve(maxResults, ResultLimits.SearchExperimentsDefault, ResultLimits.SearchExperimentsMax);
        var offset = PageToken.ParseOffset(pageToken);
        var (sql, bag) = ExperimentSearchQuery.Build(filter, viewType, orderBy, limit + 1, offset, _db.Dialect.TextCollation);
        return _db.ReadAsync(async s =>
        {
            var ids = (await s.QueryAsync<long>(sql, bag.Parameters)).ToList();
            var hasMore = ids.Count > limit;
            if (hasMore) ids.RemoveAt(ids.Count - 1);
            var byId = new Dictionary<long, Experiment>();
            foreach (var chunk in Chunks(ids))
            {
                foreach (var e in await LoadExperimentsAsync(s, "experiment_id IN @chunk", new { chunk }))
                    byId[long.Parse(e.ExperimentId, System.Globalization.CultureInfo.InvariantCulture)] = e;
            }
            var page = ids.Select(id => byId[id]).ToList();
            return new PagedResult<Experiment>(page, hasMore ? PageToken.Create(offset + limit) : null);
        }, ct);
    }

    public Task DeleteExperimentAsync(string experimentId, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        return _db.WriteAsync(async s =>
        {
            var stage = await s.QuerySingleOrDefaultAsync<string>("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", new { id });
            if (stage != "active") throw ExperimentNotFound(experimentId);
            var now = Now();
            await s.ExecuteAsync("UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = @now WHERE experiment_id = @id", new { id, now });
            await s.ExecuteAsync(
                "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = @now WHERE experiment_id = @id AND lifecycle_stage = 'active'",
                new { id, now });
        }, ct);
    }

    public Task RestoreExperimentAsync(string experimentId, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        return _db.WriteAsync(async s =>
        {
            var stage = await s.QuerySingleOrDefaultAsync<string>("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", new { id });
            if (stage != "deleted") throw ExperimentNotFound(experimentId);
            var now = Now();
            await s.ExecuteAsync("UPDATE experiments SET lifecycle_stage = 'active', last_update_time = @now WHERE experiment_id = @id", new { id, now });
            await s.ExecuteAsync(
                "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = @id AND lifecycle_stage = 'deleted'",
                new { id });
        }, ct);
    }

    public async Task RenameExperimentAsync(string experimentId, string newName, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        TrackingValidation.ExperimentName(newName);
        try
        {
            await _db.WriteAsync(async s =>
            {
                var stage = await s.QuerySingleOrDefaultAsync<string>("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", new { id })
                    ?? throw ExperimentNotFound(experimentId);
                if (stage != "active") throw GyreException.InvalidState("Cannot rename a non-active experiment.");
                await s.ExecuteAsync("UPDATE experiments SET name = @newName, last_update_time = @now WHERE experiment_id = @id",
                    new { id, newName, now = Now() });
            }, ct);
        }
        catch (Exception e) when (_db.Dialect.IsUniqueViolation(e))
        {
            throw GyreException.AlreadyExists($"Experiment(name={newName}) already exists.");
        }
    }

    public Task SetExperimentTagAsync(string experimentId, ExperimentTag tag, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        TrackingValidation.ExperimentTag(tag);
        return _db.WriteAsync(async s =>
        {
            await ActiveExperimentAsync(s, id, experimentId);
            await s.ExecuteAsync(
                """
                INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @Key, @Value)
                ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
                """,
                new { id, tag.Key, tag.Value });
            await s.ExecuteAsync("UPDATE experiments SET last_update_time = @now WHERE experiment_id = @id", new { id, now = Now() });
        }, ct);
    }

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken ct = default)
    {
        var id = ParseExperimentId(experimentId);
        return _db.WriteAsync(async s =>
        {
            await ActiveExperimentAsync(s, id, experimentId);
            var deleted = await s.ExecuteAsync("DELETE FROM experiment_tags WHERE experiment_id = @id AND key = @key", new { id, key });
            if (deleted == 0)
                throw GyreException.NotFound($"No tag with name: {key} in experiment with id {experimentId}");
        }, ct);
    }

    private static async Task ActiveExperimentAsync(DbSession s, long id, string experimentId)
    {
        var stage = await s.QuerySingleOrDefaultAsync<string>("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", new { id })
            ?? throw ExperimentNotFound(experimentId);
        if (stage != "active")
            throw GyreException.InvalidParameter(
                $"The experiment {experimentId} must be in the 'active' state. Current state is {stage}.");
    }

    private static async Task<List<Experiment>> LoadExperimentsAsync(DbSession s, string where, object param)
    {
        var rows = (await s.QueryAsync<ExperimentRow>($"SELECT {ExperimentColumns} FROM experiments WHERE {where}", param)).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.ExperimentId).ToList();
        var tags = (await s.QueryAsync<(long ExperimentId, string Key, string Value)>(
                "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN @ids ORDER BY key", new { ids }))
            .ToLookup(t => t.ExperimentId);
        return rows.Select(r => new Experiment(
            r.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Name,
            r.ArtifactLocation,
            LifecycleStageNames.Parse(r.LifecycleStage),
            r.CreationTime,
            r.LastUpdateTime,
            tags[r.ExperimentId].Select(t => new ExperimentTag(t.Key, t.Value)).ToList())).ToList();
    }

    /// <summary>The last element per key, in first-seen key order (MLflow keeps the last of duplicate tags).</summary>
    private static List<T> DistinctLast<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var order = new List<string>();
        var last = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (!last.ContainsKey(k)) order.Add(k);
            last[k] = item;
        }
        return order.Select(k => last[k]).ToList();
    }
}
