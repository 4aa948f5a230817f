using System.Data.Common;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>
/// Schema v5 (metric rows keyed by the run's integer key) applied to a v4 database holding runs and metrics:
/// every run keeps its latest values, history and search results, and logging goes on where it left off.
/// </summary>
public abstract class RunKeyMigrationTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<string> NewDatabaseUriAsync();

    /// <summary>Puts runs, metrics and latest_metrics back in their v4 layout (run_uuid, no run_key).</summary>
    protected abstract Task DowngradeToV4Async(string uri);

    [Fact]
    public async Task A_v4_database_with_metrics_upgrades_and_keeps_every_run_s_metrics()
    {
        var uri = await NewDatabaseUriAsync();
        var options = new TrackingStoreOptions { DefaultArtifactRoot = Path.GetTempPath() };
        string experimentId, first, second;
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, options, Ct))
        {
            experimentId = await store.CreateExperimentAsync("upgrade", ct: Ct);
            first = (await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
            second = (await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
            await store.LogBatchAsync(first, metrics: [.. Enumerable.Range(0, 5).Select(step => new Metric("loss", 1.0 / (step + 1), 1000 + step, step))], ct: Ct);
            await store.LogMetricAsync(first, new Metric("acc", double.NaN, 2000, 7), Ct);
            await store.LogBatchAsync(second, metrics: [new Metric("loss", 0.9, 3000, 0), new Metric("loss", 0.7, 3001, 1)], ct: Ct);
        }
        await DowngradeToV4Async(uri);

        await using (var upgraded = await TrackingStoreFactory.OpenAsync(uri, options, Ct))
        {
            var run = await upgraded.GetRunAsync(first, Ct);
            Assert.Equal([("acc", double.NaN, 7L), ("loss", 0.2, 4L)], run.Data.Metrics.Select(m => (m.Key, m.Value, m.Step)).OrderBy(m => m.Key));
            var history = await upgraded.GetMetricHistoryAsync(first, "loss", ct: Ct);
            Assert.Equal([1.0, 0.5, 1.0 / 3, 0.25, 0.2], history.Items.Select(m => m.Value));
            Assert.Equal([0.9, 0.7], (await upgraded.GetMetricHistoryAsync(second, "loss", ct: Ct)).Items.Select(m => m.Value));
            var found = await upgraded.SearchRunsAsync([experimentId], "metrics.loss < 0.5", orderBy: ["metrics.loss ASC"], ct: Ct);
            Assert.Equal([first], found.Items.Select(r => r.Info.RunId));
            var bulk = await upgraded.GetMetricHistoryBulkIntervalAsync([first, second], "loss", ct: Ct);
            Assert.Equal(7, bulk.Count);

            // Logging continues on the old runs, and a new run gets a key of its own.
            await upgraded.LogMetricAsync(second, new Metric("loss", 0.1, 3002, 2), Ct);
            var third = (await upgraded.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
            await upgraded.LogMetricAsync(third, new Metric("loss", 5, 4000, 0), Ct);
            Assert.Equal(0.1, Assert.Single((await upgraded.GetRunAsync(second, Ct)).Data.Metrics).Value);
            Assert.Equal([5.0], (await upgraded.GetMetricHistoryAsync(third, "loss", ct: Ct)).Items.Select(m => m.Value));
            Assert.Equal(5, (await upgraded.GetMetricHistoryAsync(first, "loss", ct: Ct)).Items.Count);
        }
        // Opening again migrates nothing twice.
        await using var reopened = await TrackingStoreFactory.OpenAsync(uri, options, Ct);
        Assert.Equal(3, (await reopened.GetMetricHistoryAsync(second, "loss", ct: Ct)).Items.Count);
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}

public sealed class SqliteRunKeyMigrationTests : RunKeyMigrationTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<string> NewDatabaseUriAsync() => Task.FromResult("sqlite:///" + Path.Combine(_dir.Path, "upgrade.db"));

    protected override async Task DowngradeToV4Async(string uri)
    {
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection("Data Source=" + uri["sqlite:///".Length..]);
        await connection.OpenAsync(Ct);
        await ExecuteAsync(connection, BackToV4Sql);
        await connection.CloseAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The v1 DDL of runs, metrics and latest_metrics, refilled from the v5 tables (and no v6 backlog table).</summary>
    internal const string BackToV4Sql = """
            CREATE TABLE runs_v4 (
                run_uuid TEXT PRIMARY KEY, name TEXT NOT NULL, experiment_id INTEGER NOT NULL REFERENCES experiments(experiment_id),
                user_id TEXT NOT NULL, status TEXT NOT NULL, start_time INTEGER, end_time INTEGER, deleted_time INTEGER,
                lifecycle_stage TEXT NOT NULL, artifact_uri TEXT NOT NULL);
            INSERT INTO runs_v4 SELECT run_uuid, name, experiment_id, user_id, status, start_time, end_time, deleted_time, lifecycle_stage, artifact_uri FROM runs;
            CREATE TABLE metrics_v4 (
                run_uuid TEXT NOT NULL, key TEXT NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, is_nan INTEGER NOT NULL,
                PRIMARY KEY (run_uuid, key, timestamp, step, value, is_nan)) WITHOUT ROWID;
            INSERT INTO metrics_v4 SELECT r.run_uuid, m.key, m.timestamp, m.step, m.value, m.is_nan FROM metrics m JOIN runs r ON r.run_key = m.run_key;
            CREATE TABLE latest_metrics_v4 (
                run_uuid TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, timestamp INTEGER NOT NULL, step INTEGER NOT NULL, is_nan INTEGER NOT NULL,
                PRIMARY KEY (run_uuid, key)) WITHOUT ROWID;
            INSERT INTO latest_metrics_v4 SELECT r.run_uuid, m.key, m.value, m.timestamp, m.step, m.is_nan FROM latest_metrics m JOIN runs r ON r.run_key = m.run_key;
            DROP TABLE metrics; DROP TABLE latest_metrics; DROP TABLE runs;
            ALTER TABLE runs_v4 RENAME TO runs; ALTER TABLE metrics_v4 RENAME TO metrics; ALTER TABLE latest_metrics_v4 RENAME TO latest_metrics;
            CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time);
            DROP TABLE pending_metric_batches;
            DELETE FROM schema_version WHERE version >= 5;
            """;

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresRunKeyMigrationTests(PostgresCluster cluster) : RunKeyMigrationTests, IClassFixture<PostgresCluster>
{
    protected override Task<string> NewDatabaseUriAsync() => cluster.CreateDatabaseAsync();

    protected override async Task DowngradeToV4Async(string uri)
    {
        var parsed = new Uri(uri);
        var credentials = parsed.UserInfo.Split(':');
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.Port,
            Database = parsed.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(Ct);
        await ExecuteAsync(connection, """
            CREATE TABLE metrics_v4 (
                run_uuid TEXT NOT NULL, key TEXT NOT NULL, timestamp BIGINT NOT NULL, step BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL,
                PRIMARY KEY (run_uuid, key, timestamp, step, value, is_nan));
            INSERT INTO metrics_v4 SELECT r.run_uuid, m.key, m.timestamp, m.step, m.value, m.is_nan FROM metrics m JOIN runs r ON r.run_key = m.run_key;
            CREATE TABLE latest_metrics_v4 (
                run_uuid TEXT NOT NULL, key TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, timestamp BIGINT NOT NULL, step BIGINT NOT NULL, is_nan INTEGER NOT NULL,
                PRIMARY KEY (run_uuid, key));
            INSERT INTO latest_metrics_v4 SELECT r.run_uuid, m.key, m.value, m.timestamp, m.step, m.is_nan FROM latest_metrics m JOIN runs r ON r.run_key = m.run_key;
            DROP TABLE metrics; DROP TABLE latest_metrics;
            ALTER TABLE metrics_v4 RENAME TO metrics; ALTER TABLE latest_metrics_v4 RENAME TO latest_metrics;
            ALTER TABLE runs DROP COLUMN run_key;
            DELETE FROM schema_version WHERE version = 5;
            """);
    }
}
