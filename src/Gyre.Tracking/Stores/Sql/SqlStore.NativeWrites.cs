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

    /// <summary>
    /// Appends an encoded batch's metric rows (identical repeats ignored) and moves each key's latest value
    /// forward, binding numbers and UTF-8 keys straight out of the batch.
    /// </summary>
    private static void InsertEncodedNative(SqliteStatementCache native, long runKey, ReadOnlySpan<byte> batch)
    {
        var (rows, count, latest, latestCount) = EncodedMetrics.Decode(batch);
        try
        {
            WriteRowsNative(native, NativeMetricInsertChunk, NativeMetricInsertOne, runKey, batch, rows, count, null);
            WriteRowsNative(native, NativeLatestUpsertChunk, NativeLatestUpsertOne, runKey, batch, rows, latestCount, latest);
        }
        finally
        {
            EncodedMetrics.Release(rows, latest);
        }
    }

    /// <summary>Writes <paramref name="count"/> rows: the first ones, or those <paramref name="pick"/> names.</summary>
    private static void WriteRowsNative(SqliteStatementCache native, string chunkSql, string oneSql, long runKey,
        ReadOnlySpan<byte> batch, EncodedMetrics.Row[] rows, int count, int[]? pick)
    {
        var at = 0;
        if (count >= NativeRowsPerStatement)
        {
            var chunk = native.Get(chunkSql);
            chunk.Bind(1, runKey);
            for (; at + NativeRowsPerStatement <= count; at += NativeRowsPerStatement)
            {
                for (var i = 0; i < NativeRowsPerStatement; i++) BindRow(chunk, 2 + i * 5, batch, rows[pick?[at + i] ?? at + i]);
                chunk.Execute();
            }
        }
        if (at == count) return;
        var one = native.Get(oneSql);
        one.Bind(1, runKey);
        for (; at < count; at++)
        {
            BindRow(one, 2, batch, rows[pick?[at] ?? at]);
            one.Execute();
        }
    }

    private static void BindRow(SqliteStatement statement, int first, ReadOnlySpan<byte> batch, in EncodedMetrics.Row row)
    {
        statement.BindUtf8(first, batch.Slice(row.KeyOffset, row.KeyLength));
        statement.Bind(first + 1, row.Timestamp);
        statement.Bind(first + 2, row.Step);
        statement.Bind(first + 3, row.Value);
        statement.Bind(first + 4, row.IsNan);
    }

    /// <summary>Each thread's key table for <see cref="LatestRowIndexes"/>, kept with its capacity between batches.</summary>
    [ThreadStatic] private static Dictionary<string, int>? t_slotOfKey;

    /// <summary>
    /// Which rows hold the newest observation of each key in the batch (max step, then timestamp, then
    /// value), in first-seen key order; NaN compares as its stored 0, as the store keeps it. Each row's key
    /// position in that order goes into <paramref name="rowKeys"/> when given (the encoding stores it).
    /// </summary>
    private static List<int> LatestRowIndexes(IReadOnlyList<Metric> metrics, Span<int> rowKeys = default)
    {
        var slotOfKey = t_slotOfKey ?? new Dictionary<string, int>(metrics.Count, StringComparer.Ordinal);
        t_slotOfKey = null;
        try
        {
            return LatestRowIndexes(metrics, slotOfKey, rowKeys);
        }
        finally
        {
            slotOfKey.Clear();
            t_slotOfKey = slotOfKey;
        }
    }

    private static List<int> LatestRowIndexes(IReadOnlyList<Metric> metrics, Dictionary<string, int> slotOfKey, Span<int> rowKeys)
    {
        var latest = new List<int>(metrics.Count);
        var keepKeys = !rowKeys.IsEmpty;
        for (var row = 0; row < metrics.Count; row++)
        {
            var m = metrics[row];
            if (!slotOfKey.TryGetValue(m.Key, out var slot))
            {
                slot = latest.Count;
                slotOfKey[m.Key] = slot;
                latest.Add(row);
            }
            else if (Newer(Candidate(m), Candidate(metrics[latest[slot]])))
            {
                latest[slot] = row;
            }
            if (keepKeys) rowKeys[row] = slot;
        }
        return latest;
    }

    private static (long Step, long Timestamp, double Value, int IsNan) Candidate(Metric m)
    {
        var (value, isNan) = StoredValue(m.Value);
        return (m.Step, m.Timestamp, value, isNan);
    }
}
