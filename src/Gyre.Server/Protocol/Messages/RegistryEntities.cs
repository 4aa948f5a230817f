namespace Gyre.Server.Protocol.Messages;

// The entity messages of mlflow/protos/model_registry.proto, field for field (see TrackingEntities.cs).

public sealed class WireRegisteredModel
{
    public string? Name { get; set; }
    public long? CreationTimestamp { get; set; }
    public long? LastUpdatedTimestamp { get; set; }
    public string? UserId { get; set; }
    public string? Description { get; set; }
    public List<WireModelVersion>? LatestVersions { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public List<WireRegisteredModelAlias>? Aliases { get; set; }
}

public sealed class WireRegisteredModelAlias
{
    public string? Alias { get; set; }
    public string? Version { get; set; }
}

public sealed class WireModelVersion
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public long? CreationTimestamp { get; set; }
    public long? LastUpdatedTimestamp { get; set; }
    public string? UserId { get; set; }
    public string? CurrentStage { get; set; }
    public string? Description { get; set; }
    public string? Source { get; set; }
    public string? RunId { get; set; }
    public WireModelVersionStatus? Status { get; set; }
    public string? StatusMessage { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public string? RunLink { get; set; }
    public List<string>? Aliases { get; set; }
    public string? ModelId { get; set; }
}
