using Gyre.Tracking.Entities;
using Gyre.Tracking.Sql;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    /// <summary>Null on PostgreSQL, whose writers run concurrently and store every batch directly.</summary>
    private readonly MetricBacklog? _backlog;

    /// <summary>A batch's metric rows in the form SQLite's writer binds them; null on PostgreSQL.</summary>
    private byte[]? Encode(IReadOnlyList<Metric> metrics, IReadOnlyList<int> latestRows) =>
        _backlog is null ? null : EncodedMetrics.Encode(metrics, latestRows);

    /// <summary>Reads that see metric rows wait until every acknowledged batch is in the metric tables.</summary>
    private Task MetricsCurrentAsync(CancellationToken ct) =>
        _backlog is { HasPending: true } backlog ? _db.WriteAsync(backlog.Drain, ct) : Task.CompletedTask;

    /// <summary>
    /// Write-behind for large metric batches on SQLite. Storing a 1000-row batch (its rows, and each key's
    /// latest value) is the single writer's longest job, and every client write queued behind it waits for
    /// it. So a large batch is acknowledged once it is stored as one row of <c>pending_metric_batches</c>,
    /// in the same transaction as the rest of its log-batch call (durable and all-or-nothing as before),
    /// and the writer moves it into <c>metrics</c> and <c>latest_metrics</c> when no client write is waiting
    /// (or, under sustained load, once <see cref="MaxBacklogUnderLoad"/> batches wait). Every read of metric
    /// rows first drains what is pending (<see cref="MetricsCurrentAsync"/>), so a client always reads what
    /// it logged.
    /// </summary>
    private sealed class MetricBacklog(Database db) : IWriterBackgroundWork
    {
        /// <summary>Smaller batches cost the writer less than the round trip through the backlog.</summary>
        public const int MinDeferredRows = 100;

        /// <summary>
        /// Under sustained load, drain between client writes once this many batches wait; it also bounds how
        /// long a read may wait for the backlog (~1 ms per 1000-row batch).
        /// </summary>
        private const int MaxBacklogUnderLoad = 32;

        private const int BatchesPerChunk = 1;

        /// <summary>Batches appended and not yet drained (an upper bound: an append may have rolled back).</summary>
        private int _pending;

        public bool HasPending => Volatile.Read(ref _pending) > 0;

        /// <summary>At open: batches a previous process acknowledged and did not drain.</summary>
        public void Resume(long pending)
        {
            if (pending == 0) return;
            Volatile.Write(ref _pending, (int)Math.Min(pending, int.MaxValue));
            db.RequestBackgroundWork();
        }

        /// <summary>In a client write's transaction (on the writer).</summary>
        public void Append(DbSession s, long runKey, byte[] encoded)
        {
            var insert = s.NativeStatements!.Get("INSERT INTO pending_metric_batches (run_key, batch) VALUES (?1, ?2)");
            insert.Bind(1, runKey);
            insert.BindBlob(2, encoded);
            insert.Execute();
            Interlocked.Increment(ref _pending);
            db.RequestBackgroundWork();
        }

        public bool WantsToRun(bool writerIdle) => writerIdle || Volatile.Read(ref _pending) >= MaxBacklogUnderLoad;

        /// <summary>One batch at a time, so a client write arriving meanwhile waits for at most one batch.</summary>
        public bool RunChunk(DbSession session) => DrainSome(session, BatchesPerChunk);

        public Task Drain(DbSession session)
        {
            while (DrainSome(session, 64)) { }
            return Task.CompletedTask;
        }

        /// <summary>Moves up to <paramref name="limit"/> pending batches, oldest first; returns whether more remain.</summary>
        private bool DrainSome(DbSession session, int limit)
        {
            var native = session.NativeStatements!;
            var select = native.Get("SELECT seq, run_key, batch FROM pending_metric_batches ORDER BY seq LIMIT ?1");
            var batches = new List<(long Seq, long RunKey, byte[] Batch)>(limit);
            select.Bind(1, limit);
            try
            {
                while (select.Step()) batches.Add((select.ColumnInt64(0), select.ColumnInt64(1), select.ColumnBlob(2).ToArray()));
            }
            finally
            {
                select.Reset();
            }
            foreach (var (_, runKey, batch) in batches) InsertEncodedNative(native, runKey, batch);
            if (batches.Count > 0)
            {
                var delete = native.Get("DELETE FROM pending_metric_batches WHERE seq <= ?1");
                delete.Bind(1, batches[^1].Seq);
                delete.Execute();
            }
            if (batches.Count < limit)
            {
                Volatile.Write(ref _pending, 0);
                return false;
            }
            Interlocked.Add(ref _pending, -batches.Count);
            return true;
        }
    }
}
