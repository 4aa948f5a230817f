using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gyre.Tracking.Sql;

/// <summary>
/// One compiled SQLite statement on a long-lived connection, bound and stepped through SQLite's own API.
/// Hot write paths use it instead of ADO.NET commands: binding is by position, strings are passed as
/// UTF-8 (the database encoding) from a stack buffer, and nothing is boxed, so a row costs SQLite's own work and little
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

    /// <summary>
    /// Binds text as UTF-8, the database's encoding: bound as UTF-16, SQLite would convert the value into a
    /// freshly allocated buffer every time the statement reads it.
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    public unsafe void Bind(int index, string value)
    {
        const int StackLimit = 512;
        var maxBytes = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* text = buffer)
            {
                Check(NativeMethods.BindText(_handle, index, text, length, Transient));
            }
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Binds text that is already UTF-8.</summary>
    public unsafe void BindUtf8(int index, ReadOnlySpan<byte> utf8)
    {
        fixed (byte* text = utf8)
        {
            Check(NativeMethods.BindText(_handle, index, text, utf8.Length, Transient));
        }
    }

    public unsafe void BindBlob(int index, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* data = bytes)
        {
            Check(NativeMethods.BindBlob(_handle, index, data, bytes.Length, Transient));
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

    /// <summary>Steps once: true when a row is ready to read. Call <see cref="Reset"/> when done with the rows.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public string ColumnText(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public long ColumnInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>The column's bytes, valid until the next <see cref="Step"/> or <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> ColumnBlob(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Reset() => raw.sqlite3_reset(_statement);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _statement.Dispose();

    private static unsafe partial class NativeMethods
    {
        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_text")]
        [SuppressGCTransition]
        public static partial int BindText(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_blob")]
        [SuppressGCTransition]
        public static partial int BindBlob(IntPtr statement, int index, byte* data, int bytes, IntPtr destructor);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_int64")]
        [SuppressGCTransition]
        public static partial int BindInt64(IntPtr statement, int index, long value);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_bind_double")]
        [SuppressGCTransition]
        public static partial int BindDouble(IntPtr statement, int index, double value);
    }
}
