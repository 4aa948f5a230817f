namespace Gyre.Tracking.Entities;

/// <summary>
/// An MLflow 3 logged model: a model that exists independently of runs, with its own artifact location
/// (<c>&lt;experiment artifact location&gt;/models/&lt;model_id&gt;/artifacts</c>), tags, params and linked metrics.
/// </summary>
public sealed record LoggedModel(LoggedModelInfo Info, LoggedModelData Data);

/// <summary>A logged model's attributes (MLflow's <c>LoggedModelInfo</c>).</summary>
public sealed record LoggedModelInfo(
    string ModelId,
    string ExperimentId,
    string Name,
    long CreationTimestampMs,
    long LastUpdatedTimestampMs,
    string ArtifactLocation,
    LoggedModelStatus Status,
    string? StatusMessage,
    string? ModelType,
    string? SourceRunId,
    LifecycleStage LifecycleStage,
    IReadOnlyList<LoggedModelTag> Tags);

/// <summary>A logged model's params and the metrics linked to it.</summary>
public sealed record LoggedModelData(IReadOnlyList<LoggedModelParameter> Params, IReadOnlyList<LoggedModelMetric> Metrics);

/// <summary>A mutable tag on a logged model.</summary>
public sealed record LoggedModelTag(string Key, string Value);

/// <summary>An immutable param of a logged model.</summary>
public sealed record LoggedModelParameter(string Key, string Value);

/// <summary>A metric observation linked to a logged model, with the run that logged it and the dataset it was computed on.</summary>
public sealed record LoggedModelMetric(
    string ModelId,
    string Key,
    double Value,
    long Timestamp,
    long Step,
    string? RunId,
    string? DatasetName,
    string? DatasetDigest);

/// <summary>Status of a logged model; numeric values as MLflow's <c>LoggedModelStatus</c> proto enum.</summary>
public enum LoggedModelStatus
{
    Pending = 1,
    Ready = 2,
    UploadFailed = 3,
}

public static class LoggedModelStatusNames
{
    /// <summary>The name MLflow's search filters and entities use (<c>PENDING</c>, <c>READY</c>, <c>FAILED</c>).</summary>
    public static string ToMlflow(this LoggedModelStatus status) => status switch
    {
        LoggedModelStatus.Pending => "PENDING",
        LoggedModelStatus.Ready => "READY",
        LoggedModelStatus.UploadFailed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown logged model status."),
    };

    public static LoggedModelStatus Parse(string value) => value switch
    {
        "PENDING" => LoggedModelStatus.Pending,
        "READY" => LoggedModelStatus.Ready,
        "FAILED" => LoggedModelStatus.UploadFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown logged model status."),
    };
}

/// <summary>A model a run produced (MLflow's <c>ModelOutput</c>): logged by LogOutputs.</summary>
public sealed record ModelOutput(string ModelId, long Step);

/// <summary>A model a run consumed (MLflow's <c>ModelInput</c>): logged by LogInputs.</summary>
public sealed record ModelInput(string ModelId);

/// <summary>The outputs a run produced.</summary>
public sealed record RunOutputs(IReadOnlyList<ModelOutput> ModelOutputs)
{
    public static RunOutputs Empty { get; } = new([]);
}

/// <summary>A dataset restriction for logged-model search: metric filters and ordering consider only metrics on these datasets.</summary>
public sealed record LoggedModelDatasetFilter(string DatasetName, string? DatasetDigest);

/// <summary>One order_by term of a logged-model search (MLflow's <c>SearchLoggedModels.OrderBy</c>).</summary>
public sealed record LoggedModelOrderBy(string FieldName, bool Ascending = true, string? DatasetName = null, string? DatasetDigest = null);
