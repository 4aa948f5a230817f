using System.Globalization;
using System.Text;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Sql;

namespace Gyre.Tracking.Stores;

/// <summary>
/// SQLite's bulk write paths on natively compiled statements: metric rows and latest values go in
/// multi-row statements of <see cref="NativeRowsPerStatement"/> rows (one compile for the life of the
/// writer, one step per chunk), with the run (its integer key for metrics, its id for params) bound once per chunk.
/// </summary>
public sealed partial class SqlStore
{
    private const int NativeRowsPerStatement = 64;

    private static readonly string NativeMetricInsertChunk = MultiRowSql(
        "INSERT INTO metrics (run_key, key, timestamp, step, value, is_nan) VALUES ", NativeRowsPerStatement, " ON CONFLICT DO NOTHING");

    private static readonly string NativeMetricInsertOne = MultiRowSql(
        "INSERT INTO metrics (run_key, key, timestamp, step, value, is_nan) VALUES ", 1, " ON CONFLICT DO NOTHING");

    private const string LatestMetricConflict =
        """
         ON CONFLICT (run_key, key) DO UPDATE SET
            value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
        WHERE excluded.step > latest_metrics.step
           OR (excluded.step = latest_metrics.step AND excluded.timestamp > latest_metrics.timestamp)
           OR (excluded.step = latest_metrics.step AND excluded.timestamp = latest_metrics.timestamp AND excluded.value > latest_metrics.value)
        """;

    // Same column order as the metrics insert so one binder serves both.
    private static readonly string NativeLatestUpsertChunk = MultiRowSql(
        "INSERT INTO latest_metrics (run_key, key, timestamp, step, value, is_nan) VALUES ", NativeRowsPerStatement, LatestMetricConflict);

    private static readonly string NativeLatestUpsertOne = MultiRowSql(
        "INSERT INTO latest_metrics (run_key, key, timestamp, step, value, is_nan) VALUES ", 1, LatestMetricConflict);

    /// <summary>
    /// <c>prefix (?1, ?2, ..., ?n+1), (?1, ?n+2, ...), ... suffix</c>: ?1 is the run, then
    /// <paramref name="valuesPerRow"/> values per row.
    /// </summary>
    private static string MultiRowSql(string prefix, int rows, string suffix, int valuesPerRow = 5)
    {
        var sql = new StringBuilder(prefix);
        for (var row = 0; row < rows; row++)
        {
            if (row > 0) sql.Append(", ");
            sql.Append("(?1");
            for (var v = 0; v < valuesPerRow; v++) sql.Append(CultureInfo.InvariantCulture, $", ?{2 + row * valuesPerRow + v}");
            sql.Append(')');
        }
        return sql.Append(suffix).ToString();
    }

    private static readonly string NativeParamInsertChunk = MultiRowSql(
        "INSERT INTO params (run_uuid, key, value) VALUES ", NativeRowsPerStatement, " ON CONFLICT DO NOTHING", valuesPerRow: 2);

    private static readonly string NativeParamInsertOne = MultiRowSql(
        "INSERT INTO params (run_uuid, key, value) VALUES ", 1, " ON CONFLICT DO NOTHING", valuesPerRow: 2);

    /// <summary>Inserts the params whose keys are new; returns how many were inserted.</summary>
    private static int InsertParamsNative(SqliteStatementCache native, string runId, IReadOnlyList<Param> @params)
    {
        var inserted = 0;
        var at = 0;
        if (@params.Count >= NativeRowsPerStatement)
        {
            var chunk = native.Get(NativeParamInsertChunk);
            chunk.Bind(1, runId);
            for (; at + NativeRowsPerStatement <= @params.Count; at += NativeRowsPerStatement)
            {
                for (var i = 0; i < NativeRowsPerStatement; i++)
                {
                    chunk.Bind(2 + i * 2, @params[at + i].Key);
                    chunk.Bind(3 + i * 2, @params[at + i].Value);
                }
                inserted += chunk.Execute();
            }
        }
        if (at == @params.Count) return inserted;
        var one = native.Get(NativeParamInsertOne);
        one.Bind(1, runId);
        for (; at < @params.Count; at++)
        {
            one.Bind(2, @params[at].Key);
            one.Bind(3, @params[at].Value);
            inserted += one.Execute();
        }
        return inserted;
    }

    /// <summary>Appends metric rows (identical repeats ignored) and moves each key's latest value forward.</summary>
    private static void InsertMetricsNative(SqliteStatementCache native, long runKey, IReadOnlyList<Metric> metrics, List<Metric> latest)
    {
        WriteRowsNative(native, NativeMetricInsertChunk, NativeMetricInsertOne, runKey, metrics);
        WriteRowsNative(native, NativeLatestUpsertChunk, NativeLatestUpsertOne, runKey, latest);
    }

    private static void WriteRowsNative(SqliteStatementCache native, string chunkSql, string oneSql, long runKey, IReadOnlyList<Metric> rows)
    {
        var at = 0;
        if (rows.Count >= NativeRowsPerStatement)
        {
            var chunk = native.Get(chunkSql);
            chunk.Bind(1, runKey);
            for (; at + NativeRowsPerStatement <= rows.Count; at += NativeRowsPerStatement)
            {
                for (var i = 0; i < NativeRowsPerStatement; i++) BindMetric(chunk, 2 + i * 5, rows[at + i]);
                chunk.Execute();
            }
        }
        if (at == rows.Count) return;
        var one = native.Get(oneSql);
        one.Bind(1, runKey);
        for (; at < rows.Count; at++)
        {
            BindMetric(one, 2, rows[at]);
            one.Execute();
        }
    }

    private static void BindMetric(SqliteStatement statement, int first, Metric metric)
    {
        var (value, isNan) = StoredValue(metric.Value);
        statement.Bind(first, metric.Key);
        statement.Bind(first + 1, metric.Timestamp);
        statement.Bind(first + 2, metric.Step);
        statement.Bind(first + 3, value);
        statement.Bind(first + 4, (long)isNan);
    }

    /// <summary>
    /// The newest observation of each key in the batch (max step, then timestamp, then value), in first-seen
    /// key order; NaN compares as its stored 0, as the store keeps it.
    /// </summary>
    private static List<Metric> LatestPerKey(IReadOnlyList<Metric> metrics)
    {
        var index = new Dictionary<string, int>(metrics.Count, StringComparer.Ordinal);
        var latest = new List<Metric>(metrics.Count);
        foreach (var m in metrics)
        {
            if (!index.TryGetValue(m.Key, out var at))
            {
                index[m.Key] = latest.Count;
                latest.Add(m);
            }
            else if (Newer(Candidate(m), Candidate(latest[at])))
            {
                latest[at] = m;
            }
        }
        return latest;
    }

    private static (long Step, long Timestamp, double Value, int IsNan) Candidate(Metric m)
    {
        var (value, isNan) = StoredValue(m.Value);
        return (m.Step, m.Timestamp, value, isNan);
    }
}
