namespace Gyre.Client.Protocol;

/// <summary>MLflow's <c>Experiment</c>.</summary>
public sealed record Experiment
{
    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public string? ArtifactLocation { get; init; }

    /// <summary>"active" or "deleted".</summary>
    public string? LifecycleStage { get; init; }

    public long? LastUpdateTime { get; init; }
    public long? CreationTime { get; init; }
    public IReadOnlyList<Tag> Tags { get; init => field = value ?? []; } = [];
}
