using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Sql;

/// <summary>
/// SQLite in WAL mode: one writer connection used under a lock (SQLite allows one writer anyway, and
/// in-process serialization avoids busy-waiting), plus a small pool of reader connections that read
/// snapshots concurrently with the writer.
/// </summary>
internal sealed class SqliteDatabase : Database
{
    private const int MaxIdleReaders = 8;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly string _synchronous;
    private bool _disposed;

    public SqliteDatabase(string path, bool fullSync)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        // NORMAL in WAL mode never loses a committed transaction when the process dies; FULL also
        // survives power loss at the price of an fsync per commit.
        _synchronous = fullSync ? "FULL" : "NORMAL";
        _writer = Open();
        using var wal = _writer.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode=WAL;";
        wal.ExecuteNonQuery();
    }

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public string ConnectionString => _connectionString;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA case_sensitive_like=ON; PRAGMA synchronous={_synchronous};";
        command.ExecuteNonQuery();
        return connection;
    }

    public override async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_readers.TryTake(out var connection)) connection = Open();
        var healthy = false;
        try
        {
            using var tx = connection.BeginTransaction(deferred: true);
            var result = await work(new DbSession(connection, tx, Dialect) { CancellationToken = ct });
            tx.Commit();
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && !_disposed && _readers.Count < MaxIdleReaders) _readers.Add(connection);
            else connection.Dispose();
        }
    }

    public override async Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(ct);
        try
        {
            using var tx = _writer.BeginTransaction(deferred: false);
            var result = await work(new DbSession(_writer, tx, Dialect) { CancellationToken = ct });
            tx.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await _writeLock.WaitAsync();
        _disposed = true;
        try
        {
            while (_readers.TryTake(out var reader)) reader.Dispose();
            _writer.Dispose();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
