using Dapper;
using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Sql;
using Gyre.Tracking.Sql.Migrations;

namespace Gyre.Tracking.Stores;

/// <summary>
/// The tracking and registry store on SQLite or PostgreSQL. Both engines run the same SQL and code, so
/// they behave identically; <see cref="SqlDialect"/> holds the few differences. Open with
/// <see cref="TrackingStoreFactory"/>.
/// </summary>
public sealed partial class SqlStore : ITrackingStore, IModelRegistryStore
{
    private const int InClauseChunk = 500;
    private readonly Database _db;
    private readonly TrackingStoreOptions _options;
    private readonly TimeProvider _time;

    static SqlStore()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    private SqlStore(Database db, TrackingStoreOptions options)
    {
        _db = db;
        _options = options;
        _time = options.TimeProvider;
        if (db is SqliteDatabase)
        {
            _backlog = new MetricBacklog(db);
            db.BackgroundWork = _backlog;
        }
    }

    /// <summary>"sqlite" or "postgresql".</summary>
    public string Engine => _db.Dialect.Name;

    internal static async Task<SqlStore> CreateAsync(Database db, TrackingStoreOptions options, CancellationToken ct)
    {
        await MigrationRunner.RunAsync(db, ct);
        var store = new SqlStore(db, options);
        await store.EnsureDefaultExperimentAsync(ct);
        if (store._backlog is { } backlog) await backlog.MoveAllAsync(ct);
        return store;
    }

    private Task EnsureDefaultExperimentAsync(CancellationToken ct) =>
        _db.WriteAsync(async s =>
        {
            var now = Now();
            await s.ExecuteAsync(
                """
                INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (0, 'Default', @location, 'active', @now, @now) ON CONFLICT DO NOTHING
                """,
                new { location = AppendPath(_options.DefaultArtifactRoot, "0"), now });
        }, ct);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Joins URI path segments with single slashes (MLflow's append_to_uri_path).</summary>
    internal static string AppendPath(string root, params string[] parts)
    {
        var result = root;
        foreach (var part in parts)
        {
            result = result.EndsWith('/') ? result + part.TrimStart('/') : result + "/" + part.TrimStart('/');
        }
        return result;
    }

    private static IEnumerable<List<T>> Chunks<T>(IEnumerable<T> items, int size = InClauseChunk) => items.Chunk(size).Select(c => c.ToList());

    private static string Stage(LifecycleStage stage) => stage.ToMlflow();

    public async ValueTask DisposeAsync()
    {
        // A clean shutdown leaves no batch pending (a killed process resumes them at the next open).
        if (_backlog is { } backlog)
        {
            try { await backlog.MoveAllAsync(CancellationToken.None); } catch (ObjectDisposedException) { }
        }
        await _db.DisposeAsync();
    }

    // ---- shared guards ----

    private static long ParseExperimentId(string? experimentId) =>
        long.TryParse(experimentId, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw GyreException.NotFound($"No Experiment with id={experimentId} exists");

    private static GyreException ExperimentNotFound(string experimentId) =>
        GyreException.NotFound($"No Experiment with id={experimentId} exists");

    private static GyreException RunNotFound(string runId) => GyreException.NotFound($"Run with id={runId} not found");

    private static async Task<RunRow> RunRowAsync(DbSession s, string runId, bool forUpdate = false)
    {
        var row = await s.QuerySingleOrDefaultAsync<RunRow>(
            "SELECT run_uuid, name, experiment_id, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri FROM runs WHERE run_uuid = @runId" +
            (forUpdate ? s.Dialect.ForUpdate : ""),
            new { runId });
        return row ?? throw RunNotFound(runId);
    }

    private static async Task<RunRow> ActiveRunRowAsync(DbSession s, string runId)
    {
        var row = await RunRowAsync(s, runId, forUpdate: true);
        if (row.LifecycleStage != "active")
            throw GyreException.InvalidParameter(
                $"The run {runId} must be in the 'active' state. Current state is {row.LifecycleStage}.");
        return row;
    }

    /// <summary>The run a logging call writes to: its integer key (metric rows are stored under it) and experiment.</summary>
    private readonly record struct ActiveRun(long RunKey, long ExperimentId);

    /// <summary>Hot-path guard for logging calls: the run exists and is active, read with a prepared statement.</summary>
    private static async Task<ActiveRun> EnsureActiveRunAsync(DbSession s, string runId)
    {
        if (s.NativeStatements is { } native) return EnsureActiveRunNative(native, runId);
        var command = s.Prepared("SELECT lifecycle_stage, run_key, experiment_id FROM runs WHERE run_uuid = @r" + s.Dialect.ForUpdate, ["r"], out var owned);
        try
        {
            command.Parameters[0].Value = runId;
            await using var reader = await command.ExecuteReaderAsync(s.CancellationToken);
            if (!await reader.ReadAsync(s.CancellationToken)) throw RunNotFound(runId);
            return Active(runId, reader.GetString(0), new ActiveRun(reader.GetInt64(1), reader.GetInt64(2)));
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    private static ActiveRun EnsureActiveRunNative(SqliteStatementCache native, string runId)
    {
        var lookup = native.Get("SELECT lifecycle_stage, run_key, experiment_id FROM runs WHERE run_uuid = ?1");
        lookup.Bind(1, runId);
        try
        {
            if (!lookup.Step()) throw RunNotFound(runId);
            return Active(runId, lookup.ColumnText(0), new ActiveRun(lookup.ColumnInt64(1), lookup.ColumnInt64(2)));
        }
        finally
        {
            lookup.Reset();
        }
    }

    private static ActiveRun Active(string runId, string stage, ActiveRun run) =>
        stage == "active"
            ? run
            : throw GyreException.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {stage}.");
}
