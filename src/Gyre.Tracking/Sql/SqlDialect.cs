namespace Gyre.Tracking.Sql;

/// <summary>What differs between the SQL engines; everything else is shared SQL.</summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Suffix that locks selected rows until commit (PostgreSQL); SQLite serializes writers anyway.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>True when the exception is a unique/primary-key violation.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Ordered migration scripts; index + 1 is the schema version.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>Statement(s) that make concurrent migration runners wait for each other inside the transaction.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>Collation suffix for ORDER BY on text so both engines sort byte-wise alike.</summary>
    public abstract string TextCollation { get; }

    /// <summary>
    /// Adapts <c>column IN @list</c> (a list-valued parameter) to the engine: Dapper expands it into
    /// separate parameters for SQLite, but passes an array to PostgreSQL, which needs <c>= ANY(@list)</c>.
    /// </summary>
    public virtual string RewriteListParameters(string sql) => sql;

    /// <summary>
    /// An INSERT of many metric rows from array parameters @k, @t, @s, @v, @n (and @r, the run's key), when the
    /// engine has arrays; null otherwise.
    /// </summary>
    public virtual string? ArrayMetricInsert => null;

    /// <summary>
    /// An upsert of latest metric values from array parameters @k, @t, @s, @v, @n (keys distinct) for run key @r,
    /// keeping the newer (step, timestamp, value), when the engine has arrays; null otherwise.
    /// </summary>
    public virtual string? ArrayLatestMetricUpsert => null;

    /// <summary>
    /// An INSERT of params from array parameters @k, @v for run @r that skips keys already logged (its row
    /// count is the number inserted), when the engine has arrays; null otherwise.
    /// </summary>
    public virtual string? ArrayParamInsert => null;

    /// <summary>Most bound parameters one statement may carry.</summary>
    public virtual int MaxParameters => 30000;
}
