namespace Gyre.Serving.Deployments;

/// <summary>
/// A policy that people can move by hand: <c>promote</c>, <c>rollback</c>, <c>switch</c> (and whatever else
/// the policy names in <see cref="Actions"/>). Each move is a <see cref="DeploymentEvent"/>.
/// </summary>
public interface IPolicyActions
{
    /// <summary>The action names this policy accepts.</summary>
    IReadOnlyList<string> Actions { get; }

    /// <summary>
    /// Takes the action now, optionally towards <paramref name="variant"/>; returns the events it caused.
    /// Throws INVALID_STATE when the action does not apply in the current state (e.g. a finished canary).
    /// </summary>
    IReadOnlyList<DeploymentEvent> Act(string action, string? variant, DateTimeOffset now);
}
