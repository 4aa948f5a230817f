using System.Diagnostics;
using System.Runtime.CompilerServices;
using Gyre.Core.Errors;
using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability;

/// <summary>
/// Plugs <see cref="DeploymentMonitoring"/> into a <see cref="DeploymentHost"/>: it observes every scored
/// request and every piece of feedback, records alerts in the host's event log, exports on the host's
/// registry, and follows each deployment's <see cref="DeploymentSpec.Monitoring"/> (applied when a
/// deployment is created, updated or loaded at start, and dropped when it is deleted).
/// </summary>
public static class MonitoringHostExtension
{
    private static readonly ConditionalWeakTable<DeploymentHost, DeploymentMonitoring> Attached = new();

    /// <summary>The monitoring attached to <paramref name="host"/>.</summary>
    public static DeploymentMonitoring MonitoringOf(DeploymentHost host) =>
        Attached.TryGetValue(host, out var monitoring) ? monitoring
        : throw new InvalidOperationException("This deployment host has no monitoring attached.");

    public static void Attach(DeploymentHost host)
    {
        // Weak: the monitoring's loops must not keep a disposed host alive.
        var weak = new WeakReference<DeploymentHost>(host);
        Task Record(DeploymentEvent e, CancellationToken ct) => weak.TryGetTarget(out var h) ? h.RecordEventAsync(e, ct) : Task.CompletedTask;
        var interval = host.Options.EvaluationInterval;
        var monitoring = new DeploymentMonitoring(host.Metrics.Registry, Record, new DeploymentMonitoringOptions
        {
            Time = host.Time,
            // Configuration-time only, and cached on disk after the first fetch.
            ResolveReferenceData = location => host.Options.ModelSource.FetchAsync(location, CancellationToken.None).GetAwaiter().GetResult(),
            EvaluationInterval = interval > TimeSpan.Zero ? interval : TimeSpan.Zero,
            BeforeEvaluation = () =>
            {
                if (weak.TryGetTarget(out var h)) Sync(h, MonitoringOf(h));
            },
        });
        Attached.Add(host, monitoring);
        host.AddObserver(monitoring);
        host.AddFeedbackObserver(monitoring);
        host.EventRecorded += e =>
        {
            if (e.Kind is "created" or "updated" or "swapped" && weak.TryGetTarget(out var h)) Sync(h, monitoring);
        };
    }

    /// <summary>Brings the monitoring in line with the host's deployments (new, changed and deleted specs).</summary>
    public static void Sync(DeploymentHost host, DeploymentMonitoring monitoring)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deployment in host.Deployments)
        {
            present.Add(deployment.Name);
            var spec = deployment.Spec.Monitoring;
            if (ReferenceEquals(spec, monitoring.SpecOf(deployment.Name)) || ReferenceEquals(spec, monitoring.RefusedSpecOf(deployment.Name))) continue;
            try
            {
                monitoring.Configure(deployment.Name, spec);
            }
            catch (GyreException e)
            {
                monitoring.Refused(deployment.Name, spec);
                var reason = $"monitoring not applied: {e.Message}";
                Trace.TraceWarning($"Gyre deployment '{deployment.Name}' {reason}");
                _ = RecordQuietlyAsync(host, new DeploymentEvent(host.Time.GetUtcNow(), deployment.Name, "monitoring_error", reason,
                    new Dictionary<string, double>(), new Dictionary<string, double>()));
            }
        }
        foreach (var name in monitoring.Deployments)
            if (!present.Contains(name)) monitoring.Remove(name);
    }

    private static async Task RecordQuietlyAsync(DeploymentHost host, DeploymentEvent e)
    {
        try
        {
            await host.RecordEventAsync(e).ConfigureAwait(false);
        }
        catch (GyreException)
        {
            // The deployment was deleted meanwhile.
        }
    }
}
