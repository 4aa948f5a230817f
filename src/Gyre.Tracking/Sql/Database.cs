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
}
