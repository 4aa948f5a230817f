using System.Collections.Concurrent;
using System.Threading.Channels;
using Gyre.Core.Errors;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;
using Gyre.Serving.Observability.Alerts;
using Gyre.Serving.Observability.Drift;
using Gyre.Serving.Observability.Feedback;
using Gyre.Serving.Observability.Slo;
using Gyre.Serving.PredictionLog;

namespace Gyre.Serving.Observability;

/// <summary>
/// The live monitoring of every deployment that declares a <see cref="MonitoringSpec"/>: drift windows
/// against reference data, rolling accuracy / reward and concept drift from feedback, SLOs with burn-rate
/// alerts, and the alert dispatcher with the deployment's sinks. Register it with the host as a scoring
/// observer (and feed it feedback); configure it whenever a deployment is created, updated or deleted.
/// <para>
/// On a request it does only constant-time work: SLO bucket increments, remembering the predicted label
/// (when feedback is monitored) and a non-blocking enqueue for the drift window (dropped and counted when
/// the queue is full). Drift comparisons and SLO exports run on a background loop.
/// </para>
/// </summary>
public sealed class DeploymentMonitoring : IScoringObserver, IFeedbackObserver, IAsyncDisposable
{
    public const string DroppedTotal = "gyre_monitoring_dropped_total";

    private readonly MetricRegistry _registry;
    private readonly DeploymentMonitoringOptions _options;
    private readonly Func<DeploymentEvent, CancellationToken, Task>? _recordEvent;
    private readonly ConcurrentDictionary<string, Monitors> _monitors = new(StringComparer.Ordinal);
    private readonly RecentPredictions _predictions;
    private readonly DriftGauges _driftGauges;
    private readonly Channel<ScoredRequest> _queue;
    private readonly Counter _droppedCounter;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _consumer;
    private readonly Task _evaluator;
    private readonly SemaphoreSlim _evaluation = new(1, 1);
    private readonly Lock _configuring = new();
    private long _dropped;
    private int _consuming;

    /// <param name="registry">The host's metric registry (/metrics).</param>
    /// <param name="recordEvent">The deployment event log: alerts, command exits and failed deliveries are recorded there.</param>
    public DeploymentMonitoring(MetricRegistry registry, Func<DeploymentEvent, CancellationToken, Task>? recordEvent = null, DeploymentMonitoringOptions? options = null)
    {
        _registry = registry;
        _options = options ?? new DeploymentMonitoringOptions();
        _recordEvent = recordEvent;
        _predictions = new RecentPredictions(_options.RememberedPredictions);
        _driftGauges = new DriftGauges(registry);
        _droppedCounter = registry.Counter(DroppedTotal, "Scored requests not added to a drift window because the monitoring queue was full.", "deployment");
        Alerts = new AlertDispatcher(registry, recordEvent is null ? [] : [new EventLogAlertSink(recordEvent)], recordEvent, _options.Time, _options.AlertQueueCapacity);
        _queue = Channel.CreateBounded<ScoredRequest>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _consumer = Task.Run(ConsumeAsync);
        _evaluator = _options.EvaluationInterval > TimeSpan.Zero ? Task.Run(EvaluateLoopAsync) : Task.CompletedTask;
    }

    public AlertDispatcher Alerts { get; }

    /// <summary>Scored requests dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public IReadOnlyCollection<string> Deployments => _monitors.Keys.ToArray();

    /// <summary>The spec a deployment is monitored with now (null when it is not).</summary>
    public MonitoringSpec? SpecOf(string deployment) => _monitors.TryGetValue(deployment, out var m) ? m.Spec : null;

    private readonly ConcurrentDictionary<string, MonitoringSpec> _refused = new(StringComparer.Ordinal);

    /// <summary>Remembers a spec that could not be applied, so a sync does not retry it every second.</summary>
    internal void Refused(string deployment, MonitoringSpec? spec)
    {
        if (spec is not null) _refused[deployment] = spec;
    }

    internal MonitoringSpec? RefusedSpecOf(string deployment) => _refused.GetValueOrDefault(deployment);

    /// <summary>
    /// Sets up (or replaces, or with null removes) a deployment's monitoring: validates the spec, loads and
    /// prepares the reference data, and sets its alert sinks. Throws INVALID_PARAMETER_VALUE on a bad spec;
    /// the previous monitoring then stays.
    /// </summary>
    public void Configure(string deployment, MonitoringSpec? spec)
    {
        // Specs change from API threads and from the evaluation loop's sync: one at a time.
        lock (_configuring) ConfigureLocked(deployment, spec);
    }

    private void ConfigureLocked(string deployment, MonitoringSpec? spec)
    {
        if (spec is null)
        {
            RemoveLocked(deployment);
            return;
        }
        spec.Validate(deployment);
        var drift = spec.Drift is not null || spec.ReferenceData is not null
            ? new DriftMonitor(deployment, DriftMonitor.LoadReference(deployment, spec.ReferenceData!, _options.ResolveReferenceData), spec.Drift ?? new DriftMonitorSpec(), _driftGauges)
            : null;
        var performance = spec.Feedback is { } feedback
            ? new PerformanceMonitor(deployment, feedback, _registry, Alerts.Raise, _options.Time)
            : null;
        var slos = spec.Slos is { Count: > 0 } definitions
            ? new SloMonitor(deployment, definitions.Select(s => s.ToDefinition($"Deployment '{deployment}' monitoring")).ToArray(), _registry, _options.Time)
            : null;
        var sinks = new List<IAlertSink>();
        foreach (var hook in spec.Alerts?.Webhooks ?? [])
            sinks.Add(new WebhookAlertSink(_http, new Uri(hook.Url), TimeSpan.FromSeconds(hook.TimeoutSeconds), hook.MaxAttempts, _options.WebhookBackoff));
        foreach (var command in spec.Alerts?.Commands ?? [])
            sinks.Add(new CommandAlertSink(command.Command, TimeSpan.FromSeconds(command.TimeoutSeconds), _recordEvent, _options.Time));
        _monitors.TryGetValue(deployment, out var previous);
        var log = PredictionLogFor(deployment, spec.PredictionLog, previous);
        Alerts.Configure(deployment, sinks, TimeSpan.FromSeconds(spec.Alerts?.CooldownSeconds ?? AlertDispatcher.DefaultCooldown.TotalSeconds));
        previous?.RemoveSeries();
        _monitors[deployment] = new Monitors(spec, drift, performance, slos, log);
        if (previous?.Log is { } oldLog && !ReferenceEquals(oldLog.Observer, log?.Observer)) oldLog.Observer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>The deployment's prediction log: the running one when its folder is unchanged (with the new sample rate).</summary>
    private (PredictionLogObserver Observer, string Directory)? PredictionLogFor(string deployment, PredictionLogSpec? spec, Monitors? previous)
    {
        if (spec is null) return null;
        var directory = Path.GetFullPath(spec.Directory);
        if (previous?.Log is { } running && running.Directory == directory)
        {
            running.Observer.SetSampleRate(deployment, spec.SampleRate);
            return running;
        }
        foreach (var (other, monitors) in _monitors)
            if (other != deployment && monitors.Log?.Directory == directory)
                throw GyreException.InvalidParameter($"Deployment '{deployment}' prediction_log directory '{spec.Directory}' is already used by deployment '{other}'; give each its own folder.");
        var writer = new PredictionLogWriter(directory, new PredictionLogOptions
        {
            MaxFileBytes = (long)(spec.MaxFileMegabytes * 1024 * 1024),
            MaxFiles = spec.MaxFiles,
        }, _options.Time);
        return (new PredictionLogObserver(writer, _registry, spec.SampleRate, ownsWriter: true), directory);
    }

    public void Remove(string deployment)
    {
        lock (_configuring) RemoveLocked(deployment);
    }

    private void RemoveLocked(string deployment)
    {
        if (_monitors.TryRemove(deployment, out var monitors))
        {
            monitors.RemoveSeries();
            monitors.Log?.Observer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Alerts.Remove(deployment);
    }

    /// <summary>The deployment's prediction log observer (null when it has none), e.g. to flush it.</summary>
    public PredictionLogObserver? PredictionLogOf(string deployment) => _monitors.TryGetValue(deployment, out var m) ? m.Log?.Observer : null;

    public DriftMonitor? DriftOf(string deployment) => _monitors.TryGetValue(deployment, out var m) ? m.Drift : null;

    public PerformanceMonitor? PerformanceOf(string deployment) => _monitors.TryGetValue(deployment, out var m) ? m.Performance : null;

    public SloMonitor? SlosOf(string deployment) => _monitors.TryGetValue(deployment, out var m) ? m.Slos : null;

    public void OnScored(ScoredRequest scored)
    {
        if (scored.Mirrored || !_monitors.TryGetValue(scored.Deployment, out var monitors)) return;
        monitors.Slos?.Record(scored.StatusCode, scored.Latency);
        monitors.Log?.Observer.OnScored(scored);
        if (scored.StatusCode is < 200 or >= 300 || scored.Inputs is null) return;
        if (monitors.Performance is not null && ScoredRows.PredictedLabel(scored.Outputs, scored.Inputs.RowCount) is { } label)
            _predictions.Remember(scored.RequestId, scored.Variant, label);
        if (monitors.Drift is null || _queue.Writer.TryWrite(scored)) return;
        Interlocked.Increment(ref _dropped);
        _droppedCounter.WithLabels(scored.Deployment).Inc();
    }

    /// <summary>A delayed label or reward for a request of <paramref name="deployment"/>, attributed to the variant that answered.</summary>
    public void OnFeedback(string deployment, in FeedbackRecord feedback)
    {
        if (!_monitors.TryGetValue(deployment, out var monitors) || monitors.Performance is null) return;
        string? predicted = null;
        if (feedback.Label is not null && _predictions.TryGet(feedback.RequestId, out var prediction) && prediction.Variant == feedback.Variant)
            predicted = prediction.Label;
        monitors.Performance.Record(feedback, predicted);
    }

    /// <summary>
    /// Adds every request scored so far to the drift windows, then evaluates every deployment now (drift
    /// windows even when not due) and raises the resulting alerts. Returns them (after the cool-down check:
    /// only the ones queued for delivery).
    /// </summary>
    public async Task<IReadOnlyList<Alert>> EvaluateNowAsync(CancellationToken cancellationToken = default)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _consuming) != 0)
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        return await EvaluateAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Alert>> EvaluateAsync(bool force, CancellationToken cancellationToken)
    {
        await _evaluation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _options.BeforeEvaluation?.Invoke();
            var now = _options.Time.GetUtcNow();
            var raised = new List<Alert>();
            foreach (var monitors in _monitors.Values)
            {
                var alerts = new List<Alert>();
                if (monitors.Drift?.EvaluateIfDue(now, force) is { } drift) alerts.Add(drift);
                if (monitors.Slos is not null) alerts.AddRange(monitors.Slos.Evaluate());
                foreach (var alert in alerts)
                    if (Alerts.Raise(alert)) raised.Add(alert);
            }
            return raised;
        }
        finally
        {
            _evaluation.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _consumer.ConfigureAwait(false);
        try { await _evaluator.ConfigureAwait(false); } catch (OperationCanceledException) { /* stopping */ }
        await Alerts.DisposeAsync().ConfigureAwait(false);
        foreach (var monitors in _monitors.Values)
            if (monitors.Log is { } log) await log.Observer.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task ConsumeAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _consuming, 1);
            while (_queue.Reader.TryRead(out var scored))
                if (_monitors.TryGetValue(scored.Deployment, out var monitors) && monitors.Drift is { } drift)
                    drift.Add(scored.Inputs!, scored.Timestamp);
            Volatile.Write(ref _consuming, 0);
        }
    }

    private async Task EvaluateLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.EvaluationInterval, _options.Time);
        while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
        {
            try
            {
                await EvaluateAsync(force: false, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One bad evaluation must not stop monitoring; the next tick tries again.
                System.Diagnostics.Trace.TraceWarning($"Gyre monitoring evaluation failed: {e.Message}");
            }
        }
    }

    private sealed record Monitors(MonitoringSpec Spec, DriftMonitor? Drift, PerformanceMonitor? Performance, SloMonitor? Slos,
        (PredictionLogObserver Observer, string Directory)? Log)
    {
        public void RemoveSeries()
        {
            Drift?.RemoveSeries();
            Performance?.RemoveSeries();
            Slos?.RemoveSeries();
        }
    }
}
