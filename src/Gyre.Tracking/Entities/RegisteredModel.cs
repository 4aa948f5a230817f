namespace Gyre.Tracking.Entities;

/// <summary>A registered model. <see cref="LatestVersions"/> holds the latest version per stage.</summary>
public sealed record RegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyList<RegisteredModelTag> Tags,
    IReadOnlyList<RegisteredModelAlias> Aliases);

public sealed record RegisteredModelTag(string Key, string Value);

/// <summary>A named pointer from a registered model to one of its versions.</summary>
public sealed record RegisteredModelAlias(string Alias, string Version);
