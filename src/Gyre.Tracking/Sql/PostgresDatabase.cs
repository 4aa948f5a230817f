using System.Data;
using Npgsql;

namespace Gyre.Tracking.Sql;

/// <summary>PostgreSQL through a pooled data source; every operation is its own transaction.</summary>
internal sealed class PostgresDatabase(string connectionString) : Database
{
    private const int MaxAttempts = 4;
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct) =>
        RunAsync(work, IsolationLevel.RepeatableRead, ct);

    public override Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken ct) =>
        RunAsync(work, IsolationLevel.ReadCommitted, ct);

    private async Task<T> RunAsync<T>(Func<DbSession, Task<T>> work, IsolationLevel isolation, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var tx = await connection.BeginTransactionAsync(isolation, ct);
                var result = await work(new DbSession(connection, tx, Dialect) { CancellationToken = ct });
                await tx.CommitAsync(ct);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts &&
                e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Concurrent writers on the same rows: the whole transaction rolled back; run it again.
                await Task.Delay(5 * attempt, ct);
            }
        }
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
