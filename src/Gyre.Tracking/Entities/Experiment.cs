namespace Gyre.Tracking.Entities;

/// <summary>An MLflow experiment. Times are Unix epoch milliseconds.</summary>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    long? CreationTime,
    long? LastUpdateTime,
    IReadOnlyList<ExperimentTag> Tags);

/// <summary>A mutable key/value tag on an experiment.</summary>
public sealed record ExperimentTag(string Key, string Value);
