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
    IReadOnlyList<string> Aliases);

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
