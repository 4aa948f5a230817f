namespace Gyre.Serving.Observability.Alerts;

/// <summary>Somewhere alerts go. Called from the dispatcher's background loop, never from a request.</summary>
public interface IAlertSink
{
    /// <summary>A short description for logs and failure events, e.g. <c>webhook http://host/hook</c>.</summary>
    string Name { get; }

    /// <summary>Delivers one alert; throws when it could not (after its own retries).</summary>
    Task DeliverAsync(Alert alert, CancellationToken cancellationToken);
}
