using System.Collections.Concurrent;
using System.Threading.Channels;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.PredictionLog;

namespace Gyre.Serving.Observability;

/// <summary>
/// Writes a sample of served requests (inputs, outputs, request id, model version, latency; one record a
/// row) to the prediction log. On the request thread it only draws the sample and enqueues the request in
/// a bounded queue; a background task turns it into records for the log's writer. A full queue drops the
/// request and counts it (<c>gyre_prediction_log_dropped_total</c>): scoring never waits for the log.
/// Mirrored (shadow) copies and failed requests are not logged.
/// </summary>
public sealed class PredictionLogObserver : IScoringObserver, IAsyncDisposable
{
    public const string LoggedTotal = "gyre_prediction_log_records_total";
    public const string DroppedTotal = "gyre_prediction_log_dropped_total";

    private readonly PredictionLogWriter _writer;
    private readonly bool _ownsWriter;
    private readonly double _defaultSampleRate;
    private readonly ConcurrentDictionary<string, double> _sampleRates = new(StringComparer.Ordinal);
    private readonly Channel<ScoredRequest> _queue;
    private readonly Task _loop;
    private readonly Counter _logged;
    private readonly Counter _droppedCounter;
    private long _dropped;

    /// <param name="writer">The log (its own sample rate should be 1: sampling happens here, per deployment).</param>
    /// <param name="defaultSampleRate">The share of requests logged for deployments without their own rate.</param>
    /// <param name="ownsWriter">Dispose the writer with this observer.</param>
    public PredictionLogObserver(PredictionLogWriter writer, MetricRegistry registry, double defaultSampleRate = 1.0, int queueCapacity = 10_000, bool ownsWriter = false)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
        _defaultSampleRate = defaultSampleRate;
        _logged = registry.Counter(LoggedTotal, "Rows handed to the prediction log, by deployment.", "deployment");
        _droppedCounter = registry.Counter(DroppedTotal, "Sampled requests not logged because the prediction log queue was full, by deployment.", "deployment");
        _queue = Channel.CreateBounded<ScoredRequest>(new BoundedChannelOptions(queueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _loop = Task.Run(ConvertLoopAsync);
    }

    /// <summary>Sampled requests dropped because the queue was full (plus the writer's own drops).</summary>
    public long Dropped => Interlocked.Read(ref _dropped) + _writer.Dropped;

    /// <summary>Sets a deployment's sample rate (0..1); null restores the default.</summary>
    public void SetSampleRate(string deployment, double? rate)
    {
        if (rate is null) _sampleRates.TryRemove(deployment, out _);
        else _sampleRates[deployment] = rate.Value;
    }

    public void OnScored(ScoredRequest scored)
    {
        if (scored.Mirrored || scored.Inputs is null || scored.StatusCode is < 200 or >= 300) return;
        var rate = _sampleRates.TryGetValue(scored.Deployment, out var own) ? own : _defaultSampleRate;
        if (rate <= 0 || (rate < 1 && Random.Shared.NextDouble() >= rate)) return;
        if (_queue.Writer.TryWrite(scored)) return;
        Interlocked.Increment(ref _dropped);
        _droppedCounter.WithLabels(scored.Deployment).Inc();
    }

    /// <summary>Waits until everything enqueued so far is in the log's files.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _converting) != 0)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_ownsWriter) await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private int _converting;

    private async Task ConvertLoopAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _converting, 1);
            while (_queue.Reader.TryRead(out var scored))
            {
                var rows = scored.Inputs!.RowCount;
                var latency = scored.Latency.TotalMilliseconds;
                for (var r = 0; r < rows; r++)
                {
                    _writer.Offer(new PredictionRecord(
                        rows == 1 ? scored.RequestId : $"{scored.RequestId}#{r}",
                        scored.Timestamp, scored.Deployment, scored.ModelVersion,
                        ScoredRows.Inputs(scored.Inputs, r), ScoredRows.Outputs(scored.Outputs, rows, r), latency));
                }
                _logged.WithLabels(scored.Deployment).Inc(rows);
            }
            Volatile.Write(ref _converting, 0);
        }
    }
}
