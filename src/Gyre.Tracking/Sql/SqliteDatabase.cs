using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Sql;

/// <summary>
/// SQLite in WAL mode. Writes go through a queue to one writer connection, driven by its own thread, that
/// commits them in groups: each queued operation runs inside its own savepoint (so it still succeeds or
/// fails alone), and one commit covers every operation waiting at that moment, so concurrent clients share
/// the commit cost instead of queueing for it. WAL checkpoints run on a background connection, off the
/// write path. Reads use a small pool of connections that read snapshots concurrently with the writer.
/// </summary>
internal sealed class SqliteDatabase : Database
{
    private const int MaxIdleReaders = 8;
    private const int MaxOperationsPerCommit = 256;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Start the WAL over once it holds this many frames (256 MB of 4 kB pages)... The restart syncs the
    /// database while the writer waits, and an fsync can take tens of ms on a disk other processes write to
    /// (with a 64 MB threshold, 1000-iteration load runs showed 75-100 ms p95 spikes on some endpoints that
    /// runs without restarts did not), so it is rare: about once per 5 s of the heaviest sustained logging
    /// measured (~50 MB/s of WAL).
    /// </summary>
    private const long RestartWalFrames = 65536;

    /// <summary>...and a passive checkpoint has left at most this many frames to copy while the writer waits.</summary>
    private const long RestartTailFrames = 1024;

    private const int RestartBusyTimeoutMs = 20;

    /// <summary>The checkpointer's nice value (normal is 0, lowest 19).</summary>
    private const int CheckpointerNice = 10;

    /// <summary>Background work waits until client writes have paused this long (or it is urgent).</summary>
    private static readonly TimeSpan BackgroundQuietPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>When the writer last committed client writes (written and read by the writer only).</summary>
    private long _lastClientCommit;

    /// <summary>Held by the writer for each group, and by the checkpointer for a RESTART checkpoint.</summary>
    private readonly object _walResetLock = new();

    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly SqliteConnection _writer;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly Queue<PendingWrite> _queue = new();
    private readonly object _queueLock = new(); // Monitor.Wait/Pulse need a monitor, not a Lock
    private bool _writerWaiting;
    private bool _queueClosed;
    private readonly Thread _writerThread;
    private IWriterBackgroundWork? _background;
    private volatile bool _backgroundPending;
    private readonly TaskCompletionSource _writerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _checkpointerStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, System.Data.Common.DbCommand> _writerCommands = new(StringComparer.Ordinal);
    private readonly SqliteStatementCache _writerStatements;
    private volatile bool _disposed;

    /// <summary>Process-wide SQLite settings; they take effect only before the first connection opens.</summary>
    private static readonly bool LibraryConfigured = ConfigureLibrary();

    private static bool ConfigureLibrary()
    {
        SQLitePCL.Batteries_V2.Init();
        // Multi-thread mode: no mutex around every call on a connection (each connection here is used by one
        // thread at a time), and no allocation statistics (a global mutex around every malloc and free).
        // Both fail harmlessly (SQLITE_MISUSE) when another component in the process opened SQLite first.
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }

    public SqliteDatabase(string path, bool fullSync)
    {
        _ = LibraryConfigured;
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
        // 8 kB pages for a new database (an existing one keeps its own): a commit writes each dirty page to
        // the WAL with its own write calls, so half as many pages of twice the size cost fewer calls
        // (commit time -15 to -30 % under the load benchmark).
        Execute(_writer, "PRAGMA page_size=8192;");
        // Savepoint and statement journals in memory (on disk they cost a temp-file write per changed
        // page). The page cache holds the writer's working set (the B-tree interiors and the pages of the
        // runs being logged to) and no more: SQLite scans the whole cache at every commit that split a
        // B-tree page (balance_nonroot renumbers pages through the pending-byte page number, which makes
        // the commit-time truncate visit every cached page), so a cache the size of the database (64 MB
        // before) cost ~1 ms per commit once it had filled.
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;");
        _writerStatements = new SqliteStatementCache(_writer);
        // A thread of its own: the writer's work is serial anyway, and a dedicated thread neither waits for a
        // thread-pool thread between groups nor takes one from request processing.
        _writerThread = new Thread(WriteLoop) { IsBackground = true, Name = "gyre-sqlite-writer" };
        _writerThread.Start();
        // The checkpointer too: a checkpoint copies megabytes and syncs the file (30-45 ms measured during a
        // logging burst), which on a thread-pool thread took one of two workers from request processing.
        // At a lower priority its CPU goes to requests first.
        new Thread(CheckpointLoop) { IsBackground = true, Name = "gyre-sqlite-checkpoint" }.Start();
    }

    public override SqlDialect Dialect => SqliteDialect.Instance;

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA case_sensitive_like=ON; PRAGMA synchronous={_synchronous};");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
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

    public override Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = new PendingWrite<T>(work, ct);
        lock (_queueLock)
        {
            if (_queueClosed) throw new ObjectDisposedException(nameof(SqliteDatabase));
            _queue.Enqueue(pending);
            if (_writerWaiting) Monitor.Pulse(_queueLock);
        }
        return pending.Task;
    }

    public override IWriterBackgroundWork? BackgroundWork { get => _background; set => _background = value; }

    public override void RequestBackgroundWork()
    {
        _backgroundPending = true;
        lock (_queueLock)
        {
            if (_writerWaiting) Monitor.Pulse(_queueLock);
        }
    }

    /// <summary>
    /// Takes the operations waiting now; an empty group when there are none but background work is pending;
    /// false once the queue is closed and empty.
    /// </summary>
    private bool TakeGroup(List<PendingWrite> group)
    {
        lock (_queueLock)
        {
            while (_queue.Count == 0)
            {
                if (_queueClosed) return false;
                var wait = Timeout.InfiniteTimeSpan;
                if (_backgroundPending && _background is { } background)
                {
                    wait = BackgroundQuietPeriod - Stopwatch.GetElapsedTime(_lastClientCommit);
                    if (wait <= TimeSpan.Zero || background.Urgent) return true;
                }
                _writerWaiting = true;
                Monitor.Wait(_queueLock, wait);
                _writerWaiting = false;
            }
            while (group.Count < MaxOperationsPerCommit && _queue.TryDequeue(out var next)) group.Add(next);
            return true;
        }
    }

    private void WriteLoop()
    {
        try
        {
            WriteGroups();
        }
        finally
        {
            _writerStopped.TrySetResult();
        }
    }

    private void WriteGroups()
    {
        var group = new List<PendingWrite>(MaxOperationsPerCommit);
        var done = new List<PendingWrite>(MaxOperationsPerCommit);
        while (true)
        {
            group.Clear();
            done.Clear();
            if (!TakeGroup(group)) return;
            if (group.Count > 0)
            {
                var started = SqliteWriterEvents.Log.Start();
                var startedCpu = SqliteWriterEvents.Log.ThreadCpuMilliseconds();
                lock (_walResetLock) CommitGroup(group, done);
                SqliteWriterEvents.Log.GroupCommitted(started, startedCpu, group.Count);
            }
            if (group.Count > 0) _lastClientCommit = Stopwatch.GetTimestamp();
            if (_backgroundPending && _background is { } background && (group.Count == 0 || background.Urgent))
            {
                var started = SqliteWriterEvents.Log.Start();
                lock (_walResetLock) _backgroundPending = RunBackgroundChunk(background);
                SqliteWriterEvents.Log.BackgroundChunk(started);
            }
        }
    }

    /// <summary>One chunk of background work in its own transaction; returns whether more remains.</summary>
    private bool RunBackgroundChunk(IWriterBackgroundWork background)
    {
        using var tx = _writer.BeginTransaction(deferred: false);
        bool more;
        try
        {
            var session = new DbSession(_writer, tx, Dialect)
            {
                PreparedCommands = _writerCommands,
                NativeStatements = _writerStatements,
            };
            more = background.RunChunk(session);
            tx.Commit();
            session.AfterCommit?.Invoke();
        }
        catch (Exception)
        {
            // Nothing of the chunk was stored and it stays pending: retried when more work is requested (a
            // read that needs it moves it itself, as a client write, and so reports any failure).
            try { tx.Rollback(); } catch (SqliteException) { } catch (InvalidOperationException) { }
            return false;
        }
        return more;
    }

    private void CommitGroup(List<PendingWrite> group, List<PendingWrite> done)
    {
        SqliteTransaction? tx = null;
        try
        {
            tx = _writer.BeginTransaction(deferred: false);
            foreach (var op in group)
            {
                if (op.CancellationToken.IsCancellationRequested)
                {
                    op.Fail(new OperationCanceledException(op.CancellationToken));
                    continue;
                }
                _writerStatements.Get("SAVEPOINT op").Execute();
                try
                {
                    // SQLite's ADO.NET calls complete synchronously, so this does not block in practice.
                    op.RunAsync(new DbSession(_writer, tx, Dialect)
                    {
                        CancellationToken = op.CancellationToken,
                        PreparedCommands = _writerCommands,
                        NativeStatements = _writerStatements,
                    }).GetAwaiter().GetResult();
                    _writerStatements.Get("RELEASE op").Execute();
                    done.Add(op);
                }
                catch (Exception e)
                {
                    // Undo just this operation; the others in the group are unaffected.
                    _writerStatements.Get("ROLLBACK TO op").Execute();
                    _writerStatements.Get("RELEASE op").Execute();
                    op.Fail(e);
                }
            }
            tx.Commit();
            foreach (var op in done) op.Succeed();
        }
        catch (Exception e)
        {
            // The commit (or the transaction itself) failed: nothing of this group was stored.
            try { tx?.Rollback(); } catch (SqliteException) { } catch (InvalidOperationException) { }
            foreach (var op in done) op.Fail(e);
            foreach (var op in group.Where(op => !op.IsCompleted)) op.Fail(e);
        }
        finally
        {
            tx?.Dispose();
        }
    }

    /// <summary>
    /// Copies the WAL into the database off the write path, and keeps the WAL from growing without bound.
    /// A passive checkpoint never waits for the writer, but under a steady stream of writes it never catches
    /// up either, and SQLite only starts the WAL over when a write transaction begins with every frame copied:
    /// the WAL then grew by the full write rate (~50 MB/s under the load benchmark), every append allocating
    /// and zeroing new file blocks. So once the WAL is large and a passive pass has left only a small tail,
    /// the writer is paused between two groups (<see cref="_walResetLock"/>) for a RESTART checkpoint that
    /// copies that tail; the next group then writes the WAL from its start again, over blocks already
    /// allocated (and trimmed to journal_size_limit). The WAL stays under ~256 MB instead of growing by
    /// the full write rate.
    /// </summary>
    private void CheckpointLoop()
    {
        BackgroundThreadPriority.LowerCurrentThread(CheckpointerNice);
        SqliteConnection? connection = null;
        Exception? failure = null;
        try
        {
            connection = Open();
            // A reader still on an old snapshot must not hold the paused writer for long: the restart
            // gives up (and the next tick retries) instead of waiting.
            Execute(connection, $"PRAGMA busy_timeout={RestartBusyTimeoutMs};");
            while (!_stopping.Token.WaitHandle.WaitOne(CheckpointInterval))
            {
                try
                {
                    var (logFrames, copiedFrames) = Checkpoint(connection, "PASSIVE");
                    if (logFrames < RestartWalFrames || logFrames - copiedFrames > RestartTailFrames) continue;
                    lock (_walResetLock) Checkpoint(connection, "RESTART");
                }
                catch (SqliteException) { /* busy or locked: the next tick retries */ }
            }
        }
        catch (Exception e)
        {
            failure = e; // reported when the database is disposed, as the thread has no caller
        }
        finally
        {
            connection?.Dispose();
            if (failure is null) _checkpointerStopped.TrySetResult();
            else _checkpointerStopped.TrySetException(failure);
        }
    }

    /// <summary>Runs a checkpoint; returns the WAL's frames and how many of them are now in the database.</summary>
    private static (long LogFrames, long CopiedFrames) Checkpoint(SqliteConnection connection, string mode)
    {
        var started = SqliteWriterEvents.Log.Start();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        var (logFrames, copiedFrames) = reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
        SqliteWriterEvents.Log.Checkpointed(started, mode, logFrames, copiedFrames);
        return (logFrames, copiedFrames);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_queueLock)
        {
            _queueClosed = true;
            Monitor.Pulse(_queueLock);
        }
        await _writerStopped.Task;
        _stopping.Cancel();
        await _checkpointerStopped.Task;
        try { Execute(_writer, "PRAGMA wal_checkpoint(TRUNCATE);"); } catch (SqliteException) { }
        while (_readers.TryTake(out var reader)) reader.Dispose();
        foreach (var command in _writerCommands.Values) command.Dispose();
        _writerStatements.Dispose();
        _writer.Dispose();
        _stopping.Dispose();
    }

    private abstract class PendingWrite(CancellationToken ct)
    {
        public CancellationToken CancellationToken { get; } = ct;
        public abstract bool IsCompleted { get; }
        public abstract Task RunAsync(DbSession session);
        public abstract void Succeed();
        public abstract void Fail(Exception e);
    }

    private sealed class PendingWrite<T>(Func<DbSession, Task<T>> work, CancellationToken ct) : PendingWrite(ct)
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;
        public override bool IsCompleted => _completion.Task.IsCompleted;

        public override async Task RunAsync(DbSession session) => _result = await work(session);

        public override void Succeed() => _completion.TrySetResult(_result!);

        public override void Fail(Exception e)
        {
            if (e is OperationCanceledException oce) _completion.TrySetCanceled(oce.CancellationToken);
            else _completion.TrySetException(e);
        }
    }
}
