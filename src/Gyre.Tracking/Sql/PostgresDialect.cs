using Npgsql;

namespace Gyre.Tracking.Sql;

internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string Name => "postgresql";
    public override string TextCollation => " COLLATE \"C\"";
    public override string ForUpdate => " FOR UPDATE";
    public override string? MigrationLock => "SELECT pg_advisory_xact_lock(7477312001)";
    public override IReadOnlyList<string> Migrations => Sql.Migrations.PostgresMigrations.All;

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
