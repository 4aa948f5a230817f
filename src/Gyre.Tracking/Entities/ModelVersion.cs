namespace Gyre.Tracking.Entities;

/// <summary>A model version. <see cref="Version"/> is the decimal version number as MLflow sends it.</summary>
public sealed record ModelVersion(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    ModelVersionStatus Status,
    string? StatusMessage,
    IReadOnlyList<ModelVersionTag> Tags,
    string? RunLink,
    IReadOnlyList<string> Aliases)
{
    /// <summary>The MLflow 3 logged model this version was registered from (<c>model_id</c>), if any.</summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// Where the version's files are when <see cref="Source"/> is itself a <c>models:/</c> URI (MLflow 3 registers
    /// <c>models:/m-&lt;id&gt;</c>): the logged model's artifact location. Null when the source is the location.
    /// </summary>
    public string? StorageLocation { get; init; }

    /// <summary>Where the version's files are: MLflow's <c>storage_location or source</c>.</summary>
    public string DownloadUri => StorageLocation ?? Source;
}

public sealed record ModelVersionTag(string Key, string Value);

/// <summary>Registration status; numeric values as MLflow's <c>ModelVersionStatus</c> proto enum.</summary>
public enum ModelVersionStatus
{
    PendingRegistration = 1,
    FailedRegistration = 2,
    Ready = 3,
}

public static class ModelVersionStatusNames
{
    public static string ToMlflow(this ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        ModelVersionStatus.Ready => "READY",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown model version status."),
    };
}
