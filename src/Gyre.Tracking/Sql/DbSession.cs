using System.Data.Common;
using Dapper;

namespace Gyre.Tracking.Sql;

/// <summary>One connection inside one open transaction: every store operation runs in a session.</summary>
internal sealed class DbSession(DbConnection connection, DbTransaction transaction, SqlDialect dialect)
{
    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public SqlDialect Dialect { get; } = dialect;
    public CancellationToken CancellationToken { get; init; }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) =>
        Connection.QueryAsync<T>(new CommandDefinition(sql, param, Transaction, cancellationToken: CancellationToken));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, param, Transaction, cancellationToken: CancellationToken));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null) =>
        Connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, param, Transaction, cancellationToken: CancellationToken));

    public Task<int> ExecuteAsync(string sql, object? param = null) =>
        Connection.ExecuteAsync(new CommandDefinition(sql, param, Transaction, cancellationToken: CancellationToken));
}
