using System.Text.Json.Serialization;

namespace Gyre.Client.Protocol;

/// <summary>MLflow 3's <c>LoggedModel</c>: a model with its own artifact location, tags, params and linked metrics.</summary>
public sealed record LoggedModel
{
    public required LoggedModelInfo Info { get; init; }
    public LoggedModelData Data { get; init => field = value ?? new(); } = new();
}

/// <summary>MLflow's <c>LoggedModelInfo</c>.</summary>
public sealed record LoggedModelInfo
{
    public required string ModelId { get; init; }
    public string? ExperimentId { get; init; }
    public string? Name { get; init; }
    public long? CreationTimestampMs { get; init; }
    public long? LastUpdatedTimestampMs { get; init; }

    /// <summary>Where the model's files go, e.g. <c>mlflow-artifacts:/1/models/m-.../artifacts</c>.</summary>
    public string? ArtifactUri { get; init; }

    public LoggedModelStatus Status { get; init; }
    public string? ModelType { get; init; }
    public string? SourceRunId { get; init; }
    public string? StatusMessage { get; init; }
    public IReadOnlyList<Tag> Tags { get; init => field = value ?? []; } = [];
}

/// <summary>MLflow's <c>LoggedModelData</c>: params and the metrics linked to the model.</summary>
public sealed record LoggedModelData
{
    public IReadOnlyList<Param> Params { get; init => field = value ?? []; } = [];
    public IReadOnlyList<LoggedModelMetric> Metrics { get; init => field = value ?? []; } = [];
}

/// <summary>A metric linked to a logged model, with the run that logged it and the dataset it was computed on.</summary>
public sealed record LoggedModelMetric(string Key, double Value, long Timestamp, long Step)
{
    public string? RunId { get; init; }
    public string? ModelId { get; init; }
    public string? DatasetName { get; init; }
    public string? DatasetDigest { get; init; }
}

/// <summary>MLflow's <c>LoggedModelStatus</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoggedModelStatus>))]
public enum LoggedModelStatus
{
    [JsonStringEnumMemberName("LOGGED_MODEL_STATUS_UNSPECIFIED")] Unspecified,
    [JsonStringEnumMemberName("LOGGED_MODEL_PENDING")] Pending,
    [JsonStringEnumMemberName("LOGGED_MODEL_READY")] Ready,
    [JsonStringEnumMemberName("LOGGED_MODEL_UPLOAD_FAILED")] UploadFailed,
}

/// <summary>A logged model a run produced, at a step (MLflow's <c>ModelOutput</c>).</summary>
public sealed record ModelOutput(string ModelId, long Step = 0);

/// <summary>Restricts a logged-model search's metric filters to metrics on this dataset.</summary>
public sealed record LoggedModelDataset(string DatasetName, string? DatasetDigest = null);

/// <summary>One order_by term of a logged-model search, e.g. <c>new("metrics.accuracy", Ascending: false)</c>.</summary>
public sealed record LoggedModelOrder(string FieldName, bool Ascending = true, string? DatasetName = null, string? DatasetDigest = null);

internal sealed record CreateLoggedModelRequest(string ExperimentId, string? Name, string? ModelType, string? SourceRunId, IReadOnlyList<Param>? Params, IReadOnlyList<Tag>? Tags);
internal sealed record LoggedModelResponse(LoggedModel Model);
internal sealed record FinalizeLoggedModelRequest(string ModelId, LoggedModelStatus Status);
internal sealed record SetLoggedModelTagsRequest(string ModelId, IReadOnlyList<Tag> Tags);
internal sealed record LogLoggedModelParamsRequest(string ModelId, IReadOnlyList<Param> Params);
internal sealed record SearchLoggedModelsRequest(IReadOnlyList<string> ExperimentIds, string? Filter, IReadOnlyList<LoggedModelDataset>? Datasets, int? MaxResults,
    IReadOnlyList<LoggedModelOrder>? OrderBy, string? PageToken);
internal sealed record SearchLoggedModelsResponse(IReadOnlyList<LoggedModel>? Models, string? NextPageToken);
internal sealed record LogOutputsRequest(string RunId, IReadOnlyList<ModelOutput> Models);
internal sealed record ModelIdRequest(string ModelId);
