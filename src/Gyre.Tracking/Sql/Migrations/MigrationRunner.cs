namespace Gyre.Tracking.Sql.Migrations;

/// <summary>
/// Brings a database to the newest schema: applies, in order and each in its own transaction, the
/// scripts newer than the version recorded in <c>schema_version</c>. Safe to run any number of times and
/// from several processes at once.
/// </summary>
internal static class MigrationRunner
{
    public static async Task<int> RunAsync(Database database, CancellationToken ct)
    {
        var dialect = database.Dialect;
        var scripts = dialect.Migrations;
        var applied = 0;
        for (var version = 1; version <= scripts.Count; version++)
        {
            var target = version;
            var didApply = await database.WriteAsync(async s =>
            {
                // Take the lock before touching any table: concurrent CREATE TABLE IF NOT EXISTS can
                // still collide in PostgreSQL's catalog.
                if (dialect.MigrationLock is { } lockSql) await s.ExecuteAsync(lockSql);
                await s.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
                var current = await s.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version") ?? 0;
                if (current >= target) return false;
                await s.ExecuteAsync(scripts[target - 1]);
                await s.ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (@v, @t)",
                    new { v = target, t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                return true;
            }, ct);
            if (didApply) applied++;
        }
        return applied;
    }
}
