namespace Gyre.Client.Protocol;

/// <summary>MLflow's <c>ModelVersion</c>.</summary>
public sealed record ModelVersion
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public long? CreationTimestamp { get; init; }
    public long? LastUpdatedTimestamp { get; init; }
    public string? UserId { get; init; }

    /// <summary>"None", "Staging", "Production" or "Archived".</summary>
    public string? CurrentStage { get; init; }

    public string? Description { get; init; }
    public string? Source { get; init; }
    public string? RunId { get; init; }

    /// <summary>"PENDING_REGISTRATION", "FAILED_REGISTRATION" or "READY".</summary>
    public string? Status { get; init; }

    public string? StatusMessage { get; init; }
    public IReadOnlyList<Tag> Tags { get; init => field = value ?? []; } = [];
    public string? RunLink { get; init; }
    public IReadOnlyList<string> Aliases { get; init => field = value ?? []; } = [];

    /// <summary>The MLflow 3 logged model this version was registered from, if any.</summary>
    public string? ModelId { get; init; }
}
