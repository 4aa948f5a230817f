using Gyre.Serving.Deployments;

namespace Gyre.Serving.Observability.Alerts;

/// <summary>Records each alert in its deployment's event log as a <c>kind = "alert"</c> event.</summary>
public sealed class EventLogAlertSink(Func<DeploymentEvent, CancellationToken, Task> record) : IAlertSink
{
    public string Name => "event log";

    public Task DeliverAsync(Alert alert, CancellationToken cancellationToken) => record(alert.ToEvent(), cancellationToken);
}
