namespace Gyre.Tracking.Sql;

/// <summary>
/// Runs work in transactions. Reads see one consistent snapshot; writes commit all or nothing.
/// </summary>
internal abstract class Database : IAsyncDisposable
{
    public abstract SqlDialect Dialect { get; }

    public abstract Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct);

    /// <param name="rows">
    /// About how many rows <paramref name="work"/> writes: lets a group-committing engine keep each commit
    /// small enough that callers queued behind a large batch are not held for all of it.
    /// </param>
    public abstract Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct, int rows = 1);

    public Task WriteAsync(Func<DbSession, Task> work, CancellationToken ct, int rows = 1) =>
        WriteAsync<bool>(async s => { await work(s); return true; }, ct, rows);

    public abstract ValueTask DisposeAsync();
}
