namespace Gyre.Tracking.Entities;

/// <summary>A run's status; numeric values as MLflow's <c>RunStatus</c> proto enum.</summary>
public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

public static class RunStatusNames
{
    /// <summary>The wire spelling: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.</summary>
    public static string ToMlflow(this RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    /// <summary>Parses the wire spelling (case-sensitive, as MLflow); null when unknown.</summary>
    public static RunStatus? TryParse(string? value) => value switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        "KILLED" => RunStatus.Killed,
        _ => null,
    };
}
