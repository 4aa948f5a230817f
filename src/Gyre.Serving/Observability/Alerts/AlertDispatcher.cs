using System.Collections.Concurrent;
using System.Threading.Channels;
using Gyre.Monitoring.Metrics;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability.Alerts;

/// <summary>
/// Takes alerts from the monitors and delivers them to the common sinks (the event log) and the raising
/// deployment's own sinks (webhooks, commands), in the background. A condition that persists does not
/// spam: an alert with the same deployment, kind and subject as one raised less than the deployment's
/// cool-down ago is suppressed (and counted). Raising never blocks: alerts wait in a bounded queue and
/// are dropped (and counted) when it is full; each sink delivery runs on its own, so a slow webhook or a
/// long retraining command holds up no other alert.
/// </summary>
public sealed class AlertDispatcher : IAsyncDisposable
{
    public const string AlertsTotal = "gyre_alerts_total";
    public const string AlertsSuppressedTotal = "gyre_alerts_suppressed_total";
    public const string AlertDeliveryFailuresTotal = "gyre_alert_delivery_failures_total";

    /// <summary>The cool-down of deployments that did not set one.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(15);

    private readonly IReadOnlyList<IAlertSink> _common;
    private readonly Func<DeploymentEvent, CancellationToken, Task>? _recordEvent;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (IReadOnlyList<IAlertSink> Sinks, TimeSpan Cooldown)> _deployments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Deployment, string Kind, string Subject), DateTimeOffset> _lastRaised = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly Channel<Alert> _queue;
    private int _undispatched;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly Counter _raised;
    private readonly Counter _suppressed;
    private readonly Counter _failures;
    private long _dropped;

    /// <param name="commonSinks">Sinks every alert goes to (the event log).</param>
    /// <param name="recordEvent">Where failed deliveries are recorded (kind <c>alert_delivery_failed</c>); null: only counted.</param>
    public AlertDispatcher(MetricRegistry registry, IReadOnlyList<IAlertSink> commonSinks,
        Func<DeploymentEvent, CancellationToken, Task>? recordEvent = null, TimeProvider? time = null, int queueCapacity = 1024)
    {
        _common = commonSinks;
        _recordEvent = recordEvent;
        _time = time ?? TimeProvider.System;
        _raised = registry.Counter(AlertsTotal, "Alerts raised and delivered to sinks, by deployment, kind and severity.", "deployment", "kind", "severity");
        _suppressed = registry.Counter(AlertsSuppressedTotal, "Alerts not sent again because the same condition alerted within the cool-down.", "deployment", "kind");
        _failures = registry.Counter(AlertDeliveryFailuresTotal, "Alert deliveries that failed after their retries, by deployment and sink.", "deployment", "sink");
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(queueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _loop = Task.Run(DeliverLoopAsync);
    }

    /// <summary>Alerts lost because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Sets (or replaces) a deployment's own sinks and cool-down.</summary>
    public void Configure(string deployment, IReadOnlyList<IAlertSink> sinks, TimeSpan cooldown) => _deployments[deployment] = (sinks, cooldown);

    public void Remove(string deployment)
    {
        _deployments.TryRemove(deployment, out _);
        foreach (var key in _lastRaised.Keys.Where(k => k.Deployment == deployment)) _lastRaised.TryRemove(key, out _);
    }

    /// <summary>
    /// Queues an alert for delivery unless the same condition alerted within the cool-down. Returns whether
    /// it was queued. Never blocks.
    /// </summary>
    public bool Raise(Alert alert)
    {
        var cooldown = _deployments.TryGetValue(alert.Deployment, out var settings) ? settings.Cooldown : DefaultCooldown;
        var key = (alert.Deployment, alert.Kind, alert.Subject);
        var now = _time.GetUtcNow();
        while (true)
        {
            if (_lastRaised.TryGetValue(key, out var last))
            {
                if (now - last < cooldown)
                {
                    _suppressed.WithLabels(alert.Deployment, alert.Kind).Inc();
                    return false;
                }
                if (!_lastRaised.TryUpdate(key, now, last)) continue; // raced with another raise: judge again
            }
            else if (!_lastRaised.TryAdd(key, now)) continue;
            break;
        }
        // Counted before it is queued and until its deliveries are registered, so FlushAsync cannot see
        // an empty queue and no delivery in flight while the loop holds an alert between the two.
        Interlocked.Increment(ref _undispatched);
        if (!_queue.Writer.TryWrite(alert))
        {
            Interlocked.Decrement(ref _undispatched);
            Interlocked.Increment(ref _dropped);
            return false;
        }
        _raised.WithLabels(alert.Deployment, alert.Kind, alert.Severity).Inc();
        return true;
    }

    /// <summary>Waits until every queued alert has been delivered (or has failed): for tests and shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            while (Volatile.Read(ref _undispatched) > 0) await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            var pending = _inFlight.Keys.ToArray();
            if (pending.Length == 0 && Volatile.Read(ref _undispatched) == 0) return;
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Keys.ToArray()).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Long-running commands or retrying webhooks: stop waiting for them.
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task DeliverLoopAsync()
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var sinks = _deployments.TryGetValue(alert.Deployment, out var settings) ? _common.Concat(settings.Sinks) : _common;
            foreach (var sink in sinks)
            {
                // Registered before it can finish, so FlushAsync never misses a delivery in progress.
                var delivery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight[delivery.Task] = 0;
                _ = Task.Run(async () =>
                {
                    try { await DeliverAsync(sink, alert).ConfigureAwait(false); }
                    finally
                    {
                        _inFlight.TryRemove(delivery.Task, out _);
                        delivery.SetResult();
                    }
                });
            }
            Interlocked.Decrement(ref _undispatched);
        }
    }

    private async Task DeliverAsync(IAlertSink sink, Alert alert)
    {
        try
        {
            await sink.DeliverAsync(alert, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            _failures.WithLabels(alert.Deployment, sink.Name).Inc();
            if (_recordEvent is null || sink is EventLogAlertSink) return;
            var evidence = new Dictionary<string, double>();
            var reason = $"could not deliver the {alert.Kind} alert to {sink.Name}: {e.Message}";
            try
            {
                await _recordEvent(new DeploymentEvent(_time.GetUtcNow(), alert.Deployment, "alert_delivery_failed", reason, evidence,
                    new Dictionary<string, double>()), _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The event log itself is failing; the failure counter still shows it.
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
