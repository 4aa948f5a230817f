namespace Gyre.Tracking.Sql;

/// <summary>
/// Runs work in transactions. Reads see one consistent snapshot; writes commit all or nothing.
/// </summary>
internal abstract class Database : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }

    public abstract Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct);

    public abstract Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct);

    public Task WriteAsync(Func<DbSession, Task> work, CancellationToken ct) =>
        WriteAsync<bool>(async s => { await work(s); return true; }, ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Work the single writer does in its own transactions between (and, when asked, without waiting for)
    /// client writes; null where writes have no single writer (PostgreSQL).
    /// </summary>
    public virtual IWriterBackgroundWork? BackgroundWork { get => null; set => throw new NotSupportedException($"{Dialect.Name} has no background writer work."); }

    /// <summary>Tells the writer that background work may be waiting.</summary>
    public virtual void RequestBackgroundWork() { }
}

/// <summary>Deferred work of the single SQLite writer, run in transactions of its own.</summary>
internal interface IWriterBackgroundWork
{
    /// <summary>
    /// Whether the work must run between client writes now. Otherwise it waits until client writes have
    /// paused for a while, so that a burst of writes is not slowed by the work it leaves behind.
    /// </summary>
    bool Urgent { get; }

    /// <summary>Does one bounded chunk inside the open transaction; returns whether more remains.</summary>
    bool RunChunk(DbSession session);
}
