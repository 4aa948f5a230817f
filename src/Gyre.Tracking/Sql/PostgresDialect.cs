using System.Text.RegularExpressions;
using Npgsql;

namespace Gyre.Tracking.Sql;

internal sealed partial class PostgresDialect : SqlDialect
{
    [GeneratedRegex(@"(?<=\s)IN @(\w+)")]
    private static partial Regex ListParameter();

    public override string RewriteListParameters(string sql) =>
        sql.Contains(" IN @", StringComparison.Ordinal) ? ListParameter().Replace(sql, "= ANY(@$1)") : sql;

    public static PostgresDialect Instance { get; } = new();

    public override string Name => "postgresql";
    public override string TextCollation => " COLLATE \"C\"";
    public override string ForUpdate => " FOR UPDATE";
    public override string? MigrationLock => "SELECT pg_advisory_xact_lock(7477312001)";
    public override IReadOnlyList<string> Migrations => Sql.Migrations.PostgresMigrations.All;

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
