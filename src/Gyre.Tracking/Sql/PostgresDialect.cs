using System.Text.RegularExpressions;
using Npgsql;

namespace Gyre.Tracking.Sql;

internal sealed partial class PostgresDialect : SqlDialect
{
    [GeneratedRegex(@"(?<=\s)IN @(\w+)")]
    private static partial Regex ListParameter();

    public override string RewriteListParameters(string sql) =>
        sql.Contains(" IN @", StringComparison.Ordinal) ? ListParameter().Replace(sql, "= ANY(@$1)") : sql;

    public override string? ArrayMetricInsert =>
        """
        INSERT INTO metrics (run_key, key, timestamp, step, value, is_nan)
        SELECT @r, k, t, s, v, n FROM unnest(@k::text[], @t::bigint[], @s::bigint[], @v::double precision[], @n::integer[]) AS x(k, t, s, v, n)
        ON CONFLICT DO NOTHING
        """;

    public override string? ArrayLatestMetricUpsert =>
        """
        INSERT INTO latest_metrics (run_key, key, timestamp, step, value, is_nan)
        SELECT @r, k, t, s, v, n FROM unnest(@k::text[], @t::bigint[], @s::bigint[], @v::double precision[], @n::integer[]) AS x(k, t, s, v, n)
        ON CONFLICT (run_key, key) DO UPDATE SET
            value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
        WHERE excluded.step > latest_metrics.step
           OR (excluded.step = latest_metrics.step AND excluded.timestamp > latest_metrics.timestamp)
           OR (excluded.step = latest_metrics.step AND excluded.timestamp = latest_metrics.timestamp AND excluded.value > latest_metrics.value)
        """;

    public override string? ArrayParamInsert =>
        """
        INSERT INTO params (run_uuid, key, value)
        SELECT @r, k, v FROM unnest(@k::text[], @v::text[]) AS x(k, v)
        ON CONFLICT DO NOTHING
        """;

    public static PostgresDialect Instance { get; } = new();

    public override string Name => "postgresql";
    public override string TextCollation => " COLLATE \"C\"";
    public override string ForUpdate => " FOR UPDATE";
    public override string? MigrationLock => "SELECT pg_advisory_xact_lock(7477312001)";
    public override IReadOnlyList<string> Migrations => Sql.Migrations.PostgresMigrations.All;

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
