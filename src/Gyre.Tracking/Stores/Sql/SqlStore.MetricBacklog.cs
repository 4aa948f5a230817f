using Dapper;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Sql;

namespace Gyre.Tracking.Stores;

public sealed partial class SqlStore
{
    /// <summary>Null on PostgreSQL, whose writers run concurrently and store every batch directly.</summary>
    private readonly MetricBacklog? _backlog;

    /// <summary>A batch's metric rows in the form SQLite's writer binds them; null on PostgreSQL.</summary>
    private EncodedBatch? Encode(IReadOnlyList<Metric> metrics, IReadOnlyList<int> latestRows, ReadOnlySpan<int> rowKeys = default) =>
        _backlog is null ? null : EncodedMetrics.Encode(metrics, latestRows, rowKeys);

    /// <summary>A read of these runs' metric rows first moves every batch logged to them before.</summary>
    private Task RunMetricsCurrentAsync(IReadOnlyList<string> runIds, CancellationToken ct) =>
        _backlog is { } backlog && backlog.AnyPendingFor(runIds, []) ? backlog.MoveForAsync(runIds, [], ct) : Task.CompletedTask;

    /// <summary>A search of these experiments' runs likewise moves every batch logged to their runs before.</summary>
    private Task ExperimentMetricsCurrentAsync(IReadOnlyList<long> experimentIds, CancellationToken ct) =>
        _backlog is { } backlog && backlog.AnyPendingFor([], experimentIds) ? backlog.MoveForAsync([], experimentIds, ct) : Task.CompletedTask;

    /// <summary>
    /// Write-behind for large metric batches on SQLite. Storing a 1000-row batch (its rows, and each key's
    /// latest value) is the single writer's longest job, and every client write queued behind it waits for
    /// it. So a large batch is acknowledged once it is stored as one row of <c>pending_metric_batches</c>,
    /// in the same transaction as the rest of its log-batch call (durable and all-or-nothing as before),
    /// and the writer moves it into <c>metrics</c> and <c>latest_metrics</c>, oldest first and one batch per
    /// transaction, once client writes pause or when <see cref="MaxBacklogUnderLoad"/> batches wait.
    /// A read of a run's metric rows (or a search of an experiment's runs) that may have batches pending
    /// first moves just those (<see cref="MoveForAsync"/>), so a client always reads what it logged.
    /// Batches left by a killed process are moved at the next open, and a clean shutdown moves what is left.
    /// </summary>
    private sealed class MetricBacklog(Database db) : IWriterBackgroundWork
    {
        /// <summary>Smaller batches cost the writer less than the round trip through the backlog.</summary>
        public const int MinDeferredRows = 100;

        /// <summary>
        /// While clients keep writing, batches wait (a burst of logging is not slowed by the rows it leaves
        /// behind) until this many do; then one moves after each client commit. A batch holds at most 1000
        /// metrics, so the backlog is at most ~256k rows, about 0.35 s of the writer's time to catch up on
        /// after a burst, at the next open after a crash, or (for its own runs only) on a read.
        /// </summary>
        private const int MaxBacklogUnderLoad = 256;

        private readonly object _lock = new();

        /// <summary>The newest batch appended to each run and each experiment, until the writer has moved past it.</summary>
        private readonly Dictionary<string, long> _newestByRun = new(StringComparer.Ordinal);
        private readonly Dictionary<long, long> _newestByExperiment = [];

        /// <summary>
        /// Batches appended and not yet moved by the writer's own moves: an upper bound (an append may have
        /// rolled back, a read may have moved some), lowered only once a move has committed, so that zero
        /// means no batch is waiting.
        /// </summary>
        private int _pending;

        /// <summary>Every batch up to this sequence number has moved (or was rolled back).</summary>
        private long _movedSeq;

        /// <summary>The highest sequence number appended (sequence numbers only grow: AUTOINCREMENT).</summary>
        private long _appendedSeq;

        /// <summary>
        /// Moves every pending batch: at open, those a killed process acknowledged and did not move (so no
        /// read has to wonder which runs they belong to), and at a clean shutdown whatever is left.
        /// </summary>
        public async Task MoveAllAsync(CancellationToken ct)
        {
            var batches = await db.ReadAsync(s => s.QueryAsync<long>("SELECT seq FROM pending_metric_batches ORDER BY seq"), ct);
            await MoveAsync(batches.ToList(), ct);
        }

        /// <summary>In a client write's transaction (on the writer).</summary>
        public void Append(DbSession s, ActiveRun run, string runId, ReadOnlySpan<byte> encoded)
        {
            var native = s.NativeStatements!;
            var insert = native.Get("INSERT INTO pending_metric_batches (run_key, batch) VALUES (?1, ?2)");
            insert.Bind(1, run.RunKey);
            insert.BindBlob(2, encoded);
            insert.Execute();
            var lastRow = native.Get("SELECT last_insert_rowid()");
            long seq;
            try
            {
                lastRow.Step();
                seq = lastRow.ColumnInt64(0);
            }
            finally
            {
                lastRow.Reset();
            }
            lock (_lock)
            {
                _newestByRun[runId] = seq;
                _newestByExperiment[run.ExperimentId] = seq;
                _appendedSeq = Math.Max(_appendedSeq, seq);
            }
            Interlocked.Increment(ref _pending);
            db.RequestBackgroundWork();
        }

        /// <summary>Whether a batch may still be pending for these runs or experiments (false only when surely none is).</summary>
        public bool AnyPendingFor(IReadOnlyList<string> runIds, IReadOnlyList<long> experimentIds)
        {
            if (Volatile.Read(ref _pending) == 0) return false;
            lock (_lock)
            {
                foreach (var runId in runIds)
                    if (_newestByRun.ContainsKey(runId)) return true;
                foreach (var experimentId in experimentIds)
                    if (_newestByExperiment.ContainsKey(experimentId)) return true;
                return false;
            }
        }

        /// <summary>
        /// Moves the batches pending for these runs and experiments' runs. Every batch acknowledged before
        /// this call has committed, so a snapshot taken now lists them all.
        /// </summary>
        public async Task MoveForAsync(IReadOnlyList<string> runIds, IReadOnlyList<long> experimentIds, CancellationToken ct)
        {
            var batches = await db.ReadAsync(s => s.QueryAsync<long>(
                """
                SELECT seq FROM pending_metric_batches
                WHERE run_key IN (SELECT run_key FROM runs WHERE run_uuid IN @runIds OR experiment_id IN @experimentIds)
                ORDER BY seq
                """, new { runIds, experimentIds }), ct);
            await MoveAsync(batches.ToList(), ct);
        }

        /// <summary>
        /// Moves these batches (those the writer has not moved meanwhile) as client writes, one batch per
        /// operation: SQLite rewinds an operation's savepoint journal from its start after every statement,
        /// so one operation moving many batches would cost the square of their number. The counts and the
        /// newest-batch maps stay as they are; the writer's next background pass finds the batches gone.
        /// </summary>
        private Task MoveAsync(IReadOnlyList<long> batches, CancellationToken ct) =>
            Task.WhenAll(batches.Select(seq => db.WriteAsync(s =>
            {
                MoveIfPending(s.NativeStatements!, seq);
                return Task.CompletedTask;
            }, ct)));

        private static void MoveIfPending(SqliteStatementCache native, long seq)
        {
            var select = native.Get("SELECT run_key, batch FROM pending_metric_batches WHERE seq = ?1");
            PendingBatch? batch = null;
            try
            {
                select.Bind(1, seq);
                if (select.Step()) batch = new PendingBatch(seq, select.ColumnInt64(0), select.ColumnBlob(1).ToArray());
            }
            finally
            {
                select.Reset();
            }
            if (batch is not null) Move(native, batch.Seq, batch.RunKey, batch.Batch);
        }

        public bool Urgent => Volatile.Read(ref _pending) >= MaxBacklogUnderLoad;

        /// <summary>Moves the oldest pending batch; returns whether more remain.</summary>
        public bool RunChunk(DbSession session)
        {
            var native = session.NativeStatements!;
            var select = native.Get("SELECT seq, run_key, batch FROM pending_metric_batches ORDER BY seq LIMIT 1");
            PendingBatch? next = null;
            try
            {
                if (select.Step()) next = new PendingBatch(select.ColumnInt64(0), select.ColumnInt64(1), select.ColumnBlob(2).ToArray());
            }
            finally
            {
                select.Reset();
            }
            if (next is null)
            {
                // Nothing left: whatever was appended has moved or was rolled back.
                session.AfterCommit = MovedAll;
                return false;
            }
            Move(native, next.Seq, next.RunKey, next.Batch);
            session.AfterCommit = () =>
            {
                Interlocked.Decrement(ref _pending);
                MovedUpTo(next.Seq);
            };
            return true;
        }

        private static void Move(SqliteStatementCache native, long seq, long runKey, byte[] batch)
        {
            InsertEncodedNative(native, runKey, batch);
            var delete = native.Get("DELETE FROM pending_metric_batches WHERE seq = ?1");
            delete.Bind(1, seq);
            delete.Execute();
        }

        /// <summary>
        /// After the writer moved the oldest pending batch (every older one is gone, moved by it or by a read):
        /// forgets the runs and experiments whose newest batch that was.
        /// </summary>
        private void MovedUpTo(long seq)
        {
            lock (_lock)
            {
                if (seq > _movedSeq) _movedSeq = seq;
                Forget(_newestByRun, _movedSeq);
                Forget(_newestByExperiment, _movedSeq);
            }
        }

        /// <summary>After the writer found nothing pending: everything appended so far has moved (or was rolled back).</summary>
        private void MovedAll()
        {
            Volatile.Write(ref _pending, 0);
            MovedUpTo(Volatile.Read(ref _appendedSeq));
        }

        private static void Forget<TKey>(Dictionary<TKey, long> newest, long movedSeq) where TKey : notnull
        {
            foreach (var (key, seq) in newest)
                if (seq <= movedSeq) newest.Remove(key);
        }

        private sealed record PendingBatch(long Seq, long RunKey, byte[] Batch);
    }
}
