namespace Gyre.Client.Protocol;

/// <summary>MLflow's <c>RegisteredModel</c>.</summary>
public sealed record RegisteredModel
{
    public required string Name { get; init; }
    public long? CreationTimestamp { get; init; }
    public long? LastUpdatedTimestamp { get; init; }
    public string? UserId { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ModelVersion> LatestVersions { get; init => field = value ?? []; } = [];
    public IReadOnlyList<Tag> Tags { get; init => field = value ?? []; } = [];
    public IReadOnlyList<RegisteredModelAlias> Aliases { get; init => field = value ?? []; } = [];
}

/// <summary>An alias (e.g. "champion") pointing at one version of a registered model.</summary>
public sealed record RegisteredModelAlias(string Alias, string Version);
