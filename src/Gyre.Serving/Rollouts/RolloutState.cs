namespace Gyre.Serving.Rollouts;

/// <summary>Where a rollout stands.</summary>
public enum RolloutState
{
    Progressing,
    Promoted,
    RolledBack,
}
