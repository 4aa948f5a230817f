namespace Gyre.Server.Protocol.Messages;

// Request and response messages of mlflow/protos/service.proto (MlflowService), field for field, with the
// required-field checks of mlflow/server/handlers.py. Responses without fields are EmptyResponse.

public sealed class CreateExperimentRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? ArtifactLocation { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public void Validate() => Require.Present(Name, "name");
}

public sealed class CreateExperimentResponse
{
    public string? ExperimentId { get; set; }
}

public sealed class SearchExperimentsRequest : IMlflowRequest
{
    public long? MaxResults { get; set; }
    public string? PageToken { get; set; }
    public string? Filter { get; set; }
    public List<string>? OrderBy { get; set; }
    public WireViewType? ViewType { get; set; }
    public void Validate()
    {
        if (MaxResults is < 1) throw Require.Invalid("max_results", "it must be at least 1");
        Require.AtMost(MaxResults, 50000, "max_results");
    }
}

public sealed class SearchExperimentsResponse
{
    public List<WireExperiment>? Experiments { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class GetExperimentRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public void Validate() => Require.Present(ExperimentId, "experiment_id");
}

public sealed class GetExperimentByNameRequest : IMlflowRequest
{
    public string? ExperimentName { get; set; }
    public void Validate() => Require.Present(ExperimentName, "experiment_name");
}

public sealed class ExperimentResponse
{
    public WireExperiment? Experiment { get; set; }
}

/// <summary>DeleteExperiment and RestoreExperiment.</summary>
public sealed class ExperimentIdRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public void Validate() => Require.Present(ExperimentId, "experiment_id");
}

public sealed class UpdateExperimentRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public string? NewName { get; set; }
    public void Validate()
    {
        Require.Present(ExperimentId, "experiment_id");
        Require.Present(NewName, "new_name");
    }
}

public sealed class SetExperimentTagRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public string? Key { get; set; }
    public string? Value { get; set; }
    public void Validate()
    {
        Require.Present(ExperimentId, "experiment_id");
        Require.Present(Key, "key");
    }
}

public sealed class DeleteExperimentTagRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public string? Key { get; set; }
    public void Validate()
    {
        Require.Present(ExperimentId, "experiment_id");
        Require.Present(Key, "key");
    }
}

public sealed class CreateRunRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public string? UserId { get; set; }
    public string? RunName { get; set; }
    public long? StartTime { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public void Validate()
    {
        if (Tags is not null)
            for (var i = 0; i < Tags.Count; i++) Require.Present(Tags[i]?.Key, $"tags[{i}].key");
    }
}

public sealed class RunResponse
{
    public WireRun? Run { get; set; }
}

public sealed class UpdateRunRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public WireRunStatus? Status { get; set; }
    public long? EndTime { get; set; }
    public string? RunName { get; set; }
    public void Validate() => Require.RunId(RunId, RunUuid);
}

public sealed class UpdateRunResponse
{
    public WireRunInfo? RunInfo { get; set; }
}

/// <summary>DeleteRun, RestoreRun, GetRun.</summary>
public sealed class RunIdRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public void Validate() => Require.RunId(RunId, RunUuid);
}

public sealed class LogMetricRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public string? Key { get; set; }
    public double? Value { get; set; }
    public long? Timestamp { get; set; }
    public long? Step { get; set; }
    public string? ModelId { get; set; }
    public string? DatasetName { get; set; }
    public string? DatasetDigest { get; set; }
    public void Validate()
    {
        Require.RunId(RunId, RunUuid);
        Require.Present(Key, "key");
        Require.Present(Value, "value");
        Require.Present(Timestamp, "timestamp");
    }
}

/// <summary>LogParam and SetTag.</summary>
public sealed class KeyValueRunRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public string? Key { get; set; }
    public string? Value { get; set; }
    public void Validate()
    {
        Require.RunId(RunId, RunUuid);
        Require.Present(Key, "key");
    }
}

public sealed class DeleteTagRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? Key { get; set; }
    public void Validate()
    {
        Require.Present(RunId, "run_id");
        Require.Present(Key, "key");
    }
}

public sealed class SearchRunsRequest : IMlflowRequest
{
    public List<string>? ExperimentIds { get; set; }
    public string? Filter { get; set; }
    public WireViewType? RunViewType { get; set; }
    public int? MaxResults { get; set; }
    public List<string>? OrderBy { get; set; }
    public string? PageToken { get; set; }
    public void Validate()
    {
        if (MaxResults is < 1) throw Require.Invalid("max_results", "it must be at least 1");
        Require.AtMost(MaxResults, 50000, "max_results");
    }
}

public sealed class SearchRunsResponse
{
    public List<WireRun>? Runs { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class ListArtifactsRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public string? Path { get; set; }
    public string? PageToken { get; set; }
    public void Validate() => Require.RunId(RunId, RunUuid);
}

public sealed class ListArtifactsResponse
{
    public string? RootUri { get; set; }
    public List<WireFileInfo>? Files { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class GetMetricHistoryRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public string? MetricKey { get; set; }
    public string? PageToken { get; set; }
    public int? MaxResults { get; set; }
    public void Validate()
    {
        Require.RunId(RunId, RunUuid);
        Require.Present(MetricKey, "metric_key");
        if (MaxResults is < 1) throw Require.Invalid("max_results", "it must be at least 1");
    }
}

public sealed class GetMetricHistoryResponse
{
    public List<WireMetric>? Metrics { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class GetMetricHistoryBulkIntervalRequest : IMlflowRequest
{
    /// <summary>MLflow's MAX_RUNS_GET_METRIC_HISTORY_BULK.</summary>
    public const int MaxRuns = 100;

    /// <summary>MLflow's MAX_RESULTS_PER_RUN.</summary>
    public const int MaxResultsPerRun = 2500;

    public List<string>? RunIds { get; set; }
    public string? MetricKey { get; set; }
    public int? StartStep { get; set; }
    public int? EndStep { get; set; }
    public int? MaxResults { get; set; }
    public void Validate()
    {
        if (RunIds is null || RunIds.Count == 0) throw Require.Missing("run_ids");
        if (RunIds.Count > MaxRuns)
            throw Gyre.Core.Errors.GyreException.InvalidParameter(
                $"GetMetricHistoryBulkInterval request must specify at most {MaxRuns} run_ids. Received {RunIds.Count} run_ids.");
        Require.Present(MetricKey, "metric_key");
        if (MaxResults is < 1 or > MaxResultsPerRun)
            throw Gyre.Core.Errors.GyreException.InvalidParameter($"max_results must be between 1 and {MaxResultsPerRun}.");
        if (StartStep is not null && EndStep is not null)
        {
            if (StartStep > EndStep)
                throw Gyre.Core.Errors.GyreException.InvalidParameter(
                    $"end_step must be greater than start_step. Found start_step={StartStep} and end_step={EndStep}.");
        }
        else if (StartStep is not null || EndStep is not null)
        {
            throw Gyre.Core.Errors.GyreException.InvalidParameter(
                "If either start step or end step are specified, both must be specified.");
        }
    }
}

public sealed class GetMetricHistoryBulkIntervalResponse
{
    public List<WireMetricWithRunId>? Metrics { get; set; }
}

public sealed class LogBatchRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? RunUuid { get; set; }
    public List<WireMetric>? Metrics { get; set; }
    public List<WireKeyValue>? Params { get; set; }
    public List<WireKeyValue>? Tags { get; set; }

    /// <summary>
    /// The metrics as the byte-level reader reads them, each complete (a key, a value and a timestamp)
    /// and ready to store, in a pooled array the handler gives back once stored; the serializer fills
    /// <see cref="Metrics"/> instead.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal RentedList<Gyre.Tracking.Entities.Metric>? CheckedMetrics { get; set; }

    /// <summary>The params as the byte-level reader reads them, each with a key, likewise; else <see cref="Params"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal RentedList<Gyre.Tracking.Entities.Param>? CheckedParams { get; set; }

    public void Validate()
    {
        Require.RunId(RunId, RunUuid);
        if (Metrics is not null)
        {
            // Field names are formatted only for the error: a 1000-metric batch would otherwise build 3000 strings.
            for (var i = 0; i < Metrics.Count; i++)
            {
                var m = Metrics[i] ?? throw Require.Missing($"metrics[{i}].key");
                if (string.IsNullOrEmpty(m.Key)) throw Require.Missing($"metrics[{i}].key");
                if (m.Value is null) throw Require.Missing($"metrics[{i}].value");
                if (m.Timestamp is null) throw Require.Missing($"metrics[{i}].timestamp");
            }
        }
        if (Params is not null)
            for (var i = 0; i < Params.Count; i++)
                if (string.IsNullOrEmpty(Params[i]?.Key)) throw Require.Missing($"params[{i}].key");
        if (Tags is not null)
            for (var i = 0; i < Tags.Count; i++)
                if (string.IsNullOrEmpty(Tags[i]?.Key)) throw Require.Missing($"tags[{i}].key");
    }
}

public sealed class LogModelRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public string? ModelJson { get; set; }
    public void Validate()
    {
        Require.Present(RunId, "run_id");
        Require.Present(ModelJson, "model_json");
    }
}

public sealed class LogInputsRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public List<WireDatasetInput>? Datasets { get; set; }
    public List<WireModelInput>? Models { get; set; }
    public void Validate()
    {
        Require.Present(RunId, "run_id");
        if (Datasets is null) return;
        for (var i = 0; i < Datasets.Count; i++)
        {
            var d = Datasets[i]?.Dataset ?? throw Require.Missing($"datasets[{i}].dataset");
            Require.Present(d.Name, $"datasets[{i}].dataset.name");
            Require.Present(d.Digest, $"datasets[{i}].dataset.digest");
            Require.Present(d.SourceType, $"datasets[{i}].dataset.source_type");
            Require.Present(d.Source, $"datasets[{i}].dataset.source");
        }
    }
}

/// <summary>Every response message without fields: serialized as <c>{}</c>.</summary>
public sealed class EmptyResponse
{
    public static EmptyResponse Instance { get; } = new();
}
