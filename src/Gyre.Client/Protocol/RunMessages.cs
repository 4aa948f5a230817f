namespace Gyre.Client.Protocol;

// Request and response bodies of MLflow's run endpoints (service.proto), for source-generated JSON.

internal sealed record CreateRunRequest(string ExperimentId, string? UserId, string? RunName, long StartTime, IReadOnlyList<Tag>? Tags);
internal sealed record RunResponse(Run Run);
internal sealed record UpdateRunRequest(string RunId, RunStatus? Status, long? EndTime, string? RunName);
internal sealed record UpdateRunResponse(RunInfo RunInfo);
internal sealed record RunIdRequest(string RunId);
internal sealed record LogMetricRequest(string RunId, string Key, double Value, long Timestamp, long Step);
internal sealed record LogParamRequest(string RunId, string Key, string Value);
internal sealed record SetTagRequest(string RunId, string Key, string Value);
internal sealed record DeleteTagRequest(string RunId, string Key);
internal sealed record LogBatchRequest(string RunId, IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<Tag> Tags);
internal sealed record SearchRunsRequest(IReadOnlyList<string> ExperimentIds, string? Filter, ViewType RunViewType, int MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);
internal sealed record SearchRunsResponse(IReadOnlyList<Run>? Runs, string? NextPageToken);
internal sealed record MetricHistoryResponse(IReadOnlyList<Metric>? Metrics, string? NextPageToken);
internal sealed record FileInfoMessage(string Path, bool IsDir, long? FileSize);
internal sealed record ListArtifactsResponse(string? RootUri, IReadOnlyList<FileInfoMessage>? Files, string? NextPageToken);
