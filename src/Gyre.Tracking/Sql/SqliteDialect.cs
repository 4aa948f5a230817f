using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Sql;

internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string Name => "sqlite";
    public override string TextCollation => "";
    public override string ForUpdate => "";
    public override string? MigrationLock => null;
    public override IReadOnlyList<string> Migrations => Sql.Migrations.SqliteMigrations.All;

    // 19 = SQLITE_CONSTRAINT; the extended codes 1555/2067 are PRIMARYKEY/UNIQUE.
    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };
}
