namespace Gyre.Tracking.Entities;

/// <summary>A dataset as MLflow records it; unique per experiment by (name, digest).</summary>
public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema = null, string? Profile = null);

/// <summary>A dataset a run consumed, with tags such as <c>mlflow.data.context</c>.</summary>
public sealed record DatasetInput(IReadOnlyList<InputTag> Tags, Dataset Dataset);

/// <summary>A tag on a run input.</summary>
public sealed record InputTag(string Key, string Value);
