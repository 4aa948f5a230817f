namespace Gyre.Tracking.Deployments;

/// <summary>
/// Where serving deployments live between restarts: each deployment's spec (JSON, as the API takes it),
/// its policy-state checkpoint (so a canary resumes at its stage) and its event log. The store keeps the
/// JSON opaque; Gyre.Serving owns its shape.
/// </summary>
public interface IDeploymentStore
{
    Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(CancellationToken ct = default);

    /// <summary>The deployment, or null when there is none by that name.</summary>
    Task<DeploymentRecord?> GetDeploymentAsync(string name, CancellationToken ct = default);

    /// <summary>Adds a deployment; RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task<DeploymentRecord> CreateDeploymentAsync(string name, string specJson, CancellationToken ct = default);

    /// <summary>Replaces a deployment's spec and clears its policy state when <paramref name="policyState"/> is null; RESOURCE_DOES_NOT_EXIST when absent.</summary>
    Task<DeploymentRecord> UpdateDeploymentAsync(string name, string specJson, string? policyState, CancellationToken ct = default);

    /// <summary>Saves the policy's checkpoint (opaque JSON); RESOURCE_DOES_NOT_EXIST when the deployment is absent.</summary>
    Task SavePolicyStateAsync(string name, string? policyState, CancellationToken ct = default);

    /// <summary>Removes the deployment and its events; RESOURCE_DOES_NOT_EXIST when absent.</summary>
    Task DeleteDeploymentAsync(string name, CancellationToken ct = default);

    /// <summary>Appends an event (opaque JSON) to the deployment's log; returns its id (increasing).</summary>
    Task<long> AppendDeploymentEventAsync(string name, long timestamp, string kind, string eventJson, CancellationToken ct = default);

    /// <summary>The deployment's events, oldest first, at most <paramref name="limit"/> of the newest.</summary>
    Task<IReadOnlyList<DeploymentEventRecord>> ListDeploymentEventsAsync(string name, int limit = 1000, CancellationToken ct = default);
}

/// <summary>A stored deployment; timestamps are Unix milliseconds.</summary>
public sealed record DeploymentRecord(string Name, string SpecJson, string? PolicyState, long CreatedAt, long UpdatedAt);

/// <summary>A stored deployment event; <see cref="EventJson"/> holds the whole event.</summary>
public sealed record DeploymentEventRecord(long Id, string Deployment, long Timestamp, string Kind, string EventJson);
