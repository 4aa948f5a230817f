using System.Globalization;
using System.Runtime.ExceptionServices;
using Gyre.Artifacts;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client.Runs;

/// <summary>
/// A run in progress, MLflow-fluent style. Params, metrics and tags are buffered and sent by a background flusher in
/// log-batch requests (when <see cref="TrackingClientOptions.BatchSize"/> are waiting, every
/// <see cref="TrackingClientOptions.FlushInterval"/>, and at the end). A failed flush is never swallowed: the next
/// call on the run, <see cref="FlushAsync"/>, <see cref="EndAsync"/> and <see cref="DisposeAsync"/> throw it.
/// Disposing ends the run FINISHED, or FAILED when an exception was thrown in the run's flow since it was last used.
/// </summary>
public sealed class ActiveRun : IAsyncDisposable
{
    private readonly TrackingClient _client;
    private readonly ExceptionWatch.Scope _watch;
    private readonly object _gate = new();
    private List<Metric> _metrics = [];
    private List<Param> _params = [];
    private List<Tag> _tags = [];
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private ExceptionDispatchInfo? _failure;
    private IArtifactRepository? _artifacts;
    private int _ended;

    internal ActiveRun(TrackingClient client, Run run, ExceptionWatch.Scope watch)
    {
        _client = client;
        Run = run;
        _watch = watch;
        // The flusher must not inherit the caller's flow: its own exceptions are not the user's.
        using (ExecutionContext.SuppressFlow())
        {
            _flusher = Task.Run(FlushLoopAsync);
        }
    }

    /// <summary>The run as the server returned it when it was created.</summary>
    public Run Run { get; }

    public string RunId => Run.Info.RunId;

    public string ExperimentId => Run.Info.ExperimentId;

    /// <summary>The status the run ended with, or null while it is running.</summary>
    public RunStatus? EndStatus { get; private set; }

    /// <summary>Buffers a parameter (a run's parameter can be logged once; the server rejects a different second value).</summary>
    public void LogParam(string key, string value)
    {
        var param = new Param(CheckKey(key), value ?? "");
        BeforeBuffering();
        int pending;
        lock (_gate)
        {
            _params.Add(param);
            pending = PendingCount();
        }
        AfterBuffering(pending);
    }

    /// <summary>Buffers a parameter, formatted with the invariant culture.</summary>
    public void LogParam(string key, IFormattable value) => LogParam(key, value.ToString(null, CultureInfo.InvariantCulture));

    public void LogParams(IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values) LogParam(key, value);
    }

    /// <summary>Buffers a metric value at <paramref name="step"/>, timestamped now.</summary>
    public void LogMetric(string key, double value, long step = 0)
    {
        var metric = new Metric(CheckKey(key), value, _client.NowMillis(), step);
        BeforeBuffering();
        int pending;
        lock (_gate)
        {
            _metrics.Add(metric);
            pending = PendingCount();
        }
        AfterBuffering(pending);
    }

    public void LogMetrics(IEnumerable<KeyValuePair<string, double>> values, long step = 0)
    {
        foreach (var (key, value) in values) LogMetric(key, value, step);
    }

    /// <summary>Buffers a tag (tags can be overwritten).</summary>
    public void SetTag(string key, string value)
    {
        var tag = new Tag(CheckKey(key), value ?? "");
        BeforeBuffering();
        int pending;
        lock (_gate)
        {
            _tags.Add(tag);
            pending = PendingCount();
        }
        AfterBuffering(pending);
    }

    /// <summary>Uploads a local file or folder into the run's artifacts under the directory <paramref name="artifactPath"/>
    /// (null: the root), through the server's artifact proxy when the run's artifact root is <c>mlflow-artifacts:</c>.</summary>
    public async Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        Touch();
        ExceptionWatch.MarkClientFlow();
        await TrackingClient.UploadAsync(Artifacts(), localPath, artifactPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) as the artifact file <paramref name="artifactFile"/>.</summary>
    public async Task LogTextAsync(string text, string artifactFile, CancellationToken cancellationToken = default)
    {
        Touch();
        ExceptionWatch.MarkClientFlow();
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        await Artifacts().PutAsync(artifactFile, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's artifact store (proxied or direct, as its artifact URI says).</summary>
    public IArtifactRepository Artifacts() =>
        _artifacts ??= _client.OpenArtifactRoot(Run.Info.ArtifactUri ?? throw new GyreException(ErrorCode.INVALID_STATE, $"Run {RunId} has no artifact URI."));

    /// <summary>Sends everything buffered now; throws if this or an earlier background flush failed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Touch();
        ExceptionWatch.MarkClientFlow();
        await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        _failure?.Throw();
    }

    /// <summary>Flushes and ends the run with <paramref name="status"/>. If the final flush fails the run is ended FAILED
    /// and the flush error is thrown.</summary>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (status is RunStatus.Running or RunStatus.Scheduled)
            throw GyreException.InvalidParameter($"A run ends FINISHED, FAILED or KILLED, not {status.ToString().ToUpperInvariant()}.");
        if (Interlocked.Exchange(ref _ended, 1) == 1)
            throw GyreException.InvalidState($"Run {RunId} has already ended ({EndStatus}).");
        ExceptionWatch.MarkClientFlow();

        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _flusher.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await FlushCoreAsync(cancellationToken).ConfigureAwait(false);

        var final = _failure is null ? status : RunStatus.Failed;
        await _client.UpdateRunAsync(RunId, final, cancellationToken: cancellationToken).ConfigureAwait(false);
        EndStatus = final;
        _failure?.Throw();
    }

    /// <summary>Ends the run FINISHED, or FAILED when an exception was thrown in its flow since it was last used
    /// (unless <see cref="EndAsync"/> already ended it).</summary>
    public ValueTask DisposeAsync()
    {
        // Not async: leaving the watch scope must change the caller's flow.
        var failed = _watch.LastException is not null;
        ExceptionWatch.Exit(_watch);
        return DisposeCoreAsync(failed);
    }

    private async ValueTask DisposeCoreAsync(bool failed)
    {
        try
        {
            if (Volatile.Read(ref _ended) == 0) await EndAsync(failed ? RunStatus.Failed : RunStatus.Finished).ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private void BeforeBuffering()
    {
        if (Volatile.Read(ref _ended) == 1)
            throw GyreException.InvalidState($"Run {RunId} has ended; nothing more can be logged to it.");
        _failure?.Throw();
        Touch();
    }

    /// <summary>Wakes the flusher once a batch is full (exactly at the threshold, so one wake per batch).</summary>
    private void AfterBuffering(int pending)
    {
        if (pending % _client.Options.BatchSize == 0) _wake.Release();
    }

    private int PendingCount() => _metrics.Count + _params.Count + _tags.Count;

    /// <summary>Using the run after catching an exception shows the exception did not end the run's work.</summary>
    private void Touch() => _watch.LastException = null;

    private async Task FlushLoopAsync()
    {
        var token = _stop.Token;
        var clock = _client.Options.TimeProvider;
        while (!token.IsCancellationRequested)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                var wake = _wake.WaitAsync(tick.Token);
                var delay = Task.Delay(_client.Options.FlushInterval, clock, tick.Token);
                await Task.WhenAny(wake, delay).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false);
                try { await Task.WhenAll(wake, delay).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            if (token.IsCancellationRequested) return;
            await FlushCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the buffer, one flush at a time so order is kept. Records (never drops) a failure.</summary>
    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        await _flushLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                List<Metric> metrics;
                List<Param> @params;
                List<Tag> tags;
                lock (_gate)
                {
                    if (PendingCount() == 0) return;
                    (metrics, @params, tags) = (_metrics, _params, _tags);
                    (_metrics, _params, _tags) = ([], [], []);
                }
                if (_failure is not null) return; // the run is already failing; the error is waiting to be thrown
                try
                {
                    await _client.LogBatchAsync(RunId, metrics, @params, tags, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var error = ex as GyreException ?? new GyreException(ErrorCode.INTERNAL_ERROR, ex.Message, ex);
                    _failure ??= ExceptionDispatchInfo.Capture(new GyreException(error.Code,
                        $"Logging {metrics.Count} metric(s), {@params.Count} param(s) and {tags.Count} tag(s) to run {RunId} failed: {error.Message}", ex));
                    return;
                }
            }
        }
        finally
        {
            _flushLock.Release();
        }
    }

    private static string CheckKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw GyreException.InvalidParameter("Param, metric and tag keys must not be empty.");
        return key;
    }
}
