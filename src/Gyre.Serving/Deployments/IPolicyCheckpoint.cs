namespace Gyre.Serving.Deployments;

/// <summary>
/// A policy whose progress must survive a restart (a canary's stage, the active blue-green colour).
/// The host saves <see cref="SaveState"/> in the tracking store after every decision and passes it to
/// <see cref="RestoreState"/> when the deployment is loaded again with the same spec.
/// </summary>
public interface IPolicyCheckpoint
{
    /// <summary>The state as a JSON object text.</summary>
    string SaveState();

    /// <summary>Resumes from a saved state; throws INVALID_PARAMETER_VALUE when it does not fit this policy.</summary>
    void RestoreState(string state);
}
