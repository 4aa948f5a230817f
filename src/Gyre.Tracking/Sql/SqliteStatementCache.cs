using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Sql;

/// <summary>
/// Statements compiled once for the life of SQLite's writer connection, keyed by their SQL. Used only from
/// the single writer loop, so it needs no locking.
/// </summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);

    public SqliteStatement Get(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(connection.Handle!, sql);
            _statements[sql] = statement;
        }
        return statement;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
    }
}
