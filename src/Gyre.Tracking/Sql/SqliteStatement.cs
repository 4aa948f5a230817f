using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gyre.Tracking.Sql;

/// <summary>
/// One compiled SQLite statement on a long-lived connection, bound and stepped through SQLite's own API.
/// Hot write paths use it instead of ADO.NET commands: binding is by position, strings are passed as
/// UTF-16 without copies on our side, and nothing is boxed, so a row costs SQLite's own work and little
/// else. Values are bound with direct calls into the same e_sqlite3 library SQLitePCL loaded (no
/// SafeHandle reference counting per value); the statement handle stays valid until <see cref="Dispose"/>.
/// </summary>
internal sealed partial class SqliteStatement : IDisposable
{
    private static readonly IntPtr Transient = new(-1); // SQLITE_TRANSIENT: SQLite copies the text
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;

    public SqliteStatement(sqlite3 db, string sql)
    {
        _db = db;
        var rc = raw.sqlite3_prepare_v2(db, sql, out _statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
        _handle = _statement.DangerousGetHandle();
    }

    public unsafe void Bind(int index, string value)
    {
        fixed (char* text = value)
        {
            Check(NativeMethods.BindText16(_handle, index, text, value.Length * sizeof(char), Transient));
        }
    }

    public void Bind(int index, long value) => Check(NativeMethods.BindInt64(_handle, index, value));

    public void Bind(int index, double value) => Check(NativeMethods.BindDouble(_handle, index, value));

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

    private static unsafe partial class NativeMethods
    {
        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text16")]
        [SuppressGCTransition]
        public static partial int BindText16(IntPtr statement, int index, char* text, int bytes, IntPtr destructor);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_int64")]
        [SuppressGCTransition]
        public static partial int BindInt64(IntPtr statement, int index, long value);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_double")]
        [SuppressGCTransition]
        public static partial int BindDouble(IntPtr statement, int index, double value);
    }
}
