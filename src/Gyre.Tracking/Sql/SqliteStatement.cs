using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gyre.Tracking.Sql;

/// <summary>
/// One compiled SQLite statement on a long-lived connection, bound and stepped through SQLite's own API.
/// Hot write paths use it instead of ADO.NET commands: binding is by position, strings are passed as
/// UTF-16 spans without copies, and nothing is boxed, so a row costs SQLite's own work and little else.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Runs the statement to completion; returns the rows it changed. Bindings stay for the next run.</summary>
    public int Execute()
    {
        int rc;
        try
        {
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        return raw.sqlite3_changes(_db);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();
}
