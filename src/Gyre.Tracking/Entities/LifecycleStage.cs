namespace Gyre.Tracking.Entities;

/// <summary>Whether an experiment or run is live or soft-deleted (MLflow's <c>lifecycle_stage</c>).</summary>
public enum LifecycleStage
{
    Active,
    Deleted,
}

public static class LifecycleStageNames
{
    /// <summary>The wire spelling: "active" or "deleted".</summary>
    public static string ToMlflow(this LifecycleStage stage) => stage == LifecycleStage.Active ? "active" : "deleted";

    public static LifecycleStage Parse(string value) => value switch
    {
        "active" => LifecycleStage.Active,
        "deleted" => LifecycleStage.Deleted,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown lifecycle stage."),
    };
}
