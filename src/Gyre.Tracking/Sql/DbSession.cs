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

    /// <summary>
    /// Prepared statements kept for the life of a long-lived connection (SQLite's writer); null when the
    /// connection is short-lived. Statements are compiled once and only re-bound on hot paths.
    /// </summary>
    public Dictionary<string, DbCommand>? PreparedCommands { get; init; }

    /// <summary>
    /// SQLite's writer only: natively compiled statements for the bulk write paths (metric rows, params),
    /// which run in this session's transaction because SQLite transactions belong to the connection.
    /// </summary>
    public SqliteStatementCache? NativeStatements { get; init; }

    /// <summary>Background writer work only: what to do once its transaction has committed.</summary>
    public Action? AfterCommit { get; set; }

    /// <summary>
    /// A command for <paramref name="sql"/> with the named parameters, prepared once per connection when
    /// possible. Dispose it only when <paramref name="owned"/> is true.
    /// </summary>
    public DbCommand Prepared(string sql, string[] parameterNames, out bool owned)
    {
        if (PreparedCommands is not null && PreparedCommands.TryGetValue(sql, out var cached))
        {
            cached.Transaction = Transaction;
            owned = false;
            return cached;
        }
        var command = Connection.CreateCommand();
        command.CommandText = Dialect.RewriteListParameters(sql);
        command.Transaction = Transaction;
        foreach (var name in parameterNames)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
        }
        if (PreparedCommands is not null)
        {
            command.Prepare();
            PreparedCommands[sql] = command;
            owned = false;
        }
        else
        {
            owned = true;
        }
        return command;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with <paramref name="values"/> for its named parameters (in
    /// <paramref name="parameterNames"/> order) through <see cref="Prepared"/>: compiled once on a long-lived
    /// connection, so hot writes skip SQL parsing; null values are bound as SQL NULL.
    /// </summary>
    public async Task<int> ExecutePreparedAsync(string sql, string[] parameterNames, params object?[] values)
    {
        var command = Prepared(sql, parameterNames, out var owned);
        try
        {
            for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
            return await command.ExecuteNonQueryAsync(CancellationToken);
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) =>
        Connection.QueryAsync<T>(Command(sql, param));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, param));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, param));

    public Task<int> ExecuteAsync(string sql, object? param = null) =>
        Connection.ExecuteAsync(Command(sql, param));

    private CommandDefinition Command(string sql, object? param) =>
        new(Dialect.RewriteListParameters(sql), param, Transaction, cancellationToken: CancellationToken);
}
