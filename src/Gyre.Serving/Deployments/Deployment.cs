namespace Gyre.Serving.Deployments;

/// <summary>
/// A live deployment: its name and the current <see cref="DeploymentSnapshot"/>, replaced atomically by
/// updates. <see cref="Persisted"/> is false for the ad-hoc deployment of <c>gyre serve --model</c>.
/// </summary>
public sealed class Deployment
{
    private DeploymentSnapshot _current;

    internal Deployment(string name, DeploymentSnapshot initial, bool persisted)
    {
        Name = name;
        _current = initial;
        Persisted = persisted;
    }

    public string Name { get; }

    public bool Persisted { get; }

    /// <summary>The snapshot requests use now.</summary>
    public DeploymentSnapshot Current => Volatile.Read(ref _current);

    public DeploymentSpec Spec => Current.Spec;

    public ITrafficPolicy Policy => Current.Policy;

    /// <summary>Swaps in <paramref name="next"/>; returns the snapshot it replaced.</summary>
    internal DeploymentSnapshot Swap(DeploymentSnapshot next) => Interlocked.Exchange(ref _current, next);

    /// <summary>Serializes updates and actions on this deployment (requests never take it).</summary>
    internal SemaphoreSlim Changes { get; } = new(1, 1);

    /// <summary>Events of a deployment that is not persisted, newest last (bounded).</summary>
    internal Queue<DeploymentEvent> MemoryEvents { get; } = new();
}
