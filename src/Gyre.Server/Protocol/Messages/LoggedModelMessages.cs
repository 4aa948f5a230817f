namespace Gyre.Server.Protocol.Messages;

// MLflow 3's logged-model messages of mlflow/protos/service.proto, field for field, with the required-field
// checks of mlflow/server/handlers.py. Path parameters ({model_id}, {tag_key}) come from the route.

public sealed class WireLoggedModel
{
    public WireLoggedModelInfo? Info { get; set; }
    public WireLoggedModelData? Data { get; set; }
}

public sealed class WireLoggedModelInfo
{
    public string? ModelId { get; set; }
    public string? ExperimentId { get; set; }
    public string? Name { get; set; }
    public long? CreationTimestampMs { get; set; }
    public long? LastUpdatedTimestampMs { get; set; }
    public string? ArtifactUri { get; set; }
    public WireLoggedModelStatus? Status { get; set; }
    public long? CreatorId { get; set; }
    public string? ModelType { get; set; }
    public string? SourceRunId { get; set; }
    public string? StatusMessage { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public List<WireLoggedModelRegistrationInfo>? Registrations { get; set; }
}

public sealed class WireLoggedModelRegistrationInfo
{
    public string? Name { get; set; }
    public string? Version { get; set; }
}

public sealed class WireLoggedModelData
{
    public List<WireKeyValue>? Params { get; set; }
    public List<WireMetric>? Metrics { get; set; }
}

public sealed class WireRunOutputs
{
    public List<WireModelOutput>? ModelOutputs { get; set; }
}

public sealed class WireModelOutput
{
    public string? ModelId { get; set; }
    public long? Step { get; set; }
}

public sealed class CreateLoggedModelRequest : IMlflowRequest
{
    public string? ExperimentId { get; set; }
    public string? Name { get; set; }
    public string? ModelType { get; set; }
    public string? SourceRunId { get; set; }
    public List<WireKeyValue>? Params { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public void Validate() => Require.Present(ExperimentId, "experiment_id");
}

/// <summary>CreateLoggedModel, GetLoggedModel and FinalizeLoggedModel responses.</summary>
public sealed class LoggedModelResponse
{
    public WireLoggedModel? Model { get; set; }
}

/// <summary>GetLoggedModel (GET, model_id in the path) with the server's <c>allow_deleted</c> query flag.</summary>
public sealed class GetLoggedModelRequest : IMlflowRequest
{
    public bool? AllowDeleted { get; set; }
    public void Validate()
    {
    }
}

public sealed class FinalizeLoggedModelRequest : IMlflowRequest
{
    public string? ModelId { get; set; }
    public WireLoggedModelStatus? Status { get; set; }
    public void Validate()
    {
        Require.Present(ModelId, "model_id");
        Require.Present(Status, "status");
    }
}

/// <summary>Requests whose only input is in the path (DeleteLoggedModel, DeleteLoggedModelTag).</summary>
public sealed class PathOnlyRequest : IMlflowRequest
{
    public void Validate()
    {
    }
}

public sealed class SetLoggedModelTagsRequest : IMlflowRequest
{
    public string? ModelId { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public void Validate()
    {
    }
}

public sealed class LogLoggedModelParamsRequest : IMlflowRequest
{
    public string? ModelId { get; set; }
    public List<WireKeyValue>? Params { get; set; }
    public void Validate() => Require.Present(ModelId, "model_id");
}

public sealed class SearchLoggedModelsRequest : IMlflowRequest
{
    public List<string>? ExperimentIds { get; set; }
    public string? Filter { get; set; }
    public List<WireSearchLoggedModelsDataset>? Datasets { get; set; }
    public int? MaxResults { get; set; }
    public List<WireSearchLoggedModelsOrderBy>? OrderBy { get; set; }
    public string? PageToken { get; set; }
    public void Validate()
    {
        if (ExperimentIds is null || ExperimentIds.Count == 0) throw Require.Missing("experiment_ids");
        if (Datasets is not null)
            for (var i = 0; i < Datasets.Count; i++) Require.Present(Datasets[i]?.DatasetName, $"datasets[{i}].dataset_name");
        if (OrderBy is not null)
            for (var i = 0; i < OrderBy.Count; i++) Require.Present(OrderBy[i]?.FieldName, $"order_by[{i}].field_name");
    }
}

public sealed class WireSearchLoggedModelsDataset
{
    public string? DatasetName { get; set; }
    public string? DatasetDigest { get; set; }
}

public sealed class WireSearchLoggedModelsOrderBy
{
    public string? FieldName { get; set; }
    public bool? Ascending { get; set; }
    public string? DatasetName { get; set; }
    public string? DatasetDigest { get; set; }
}

public sealed class SearchLoggedModelsResponse
{
    public List<WireLoggedModel>? Models { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class ListLoggedModelArtifactsRequest : IMlflowRequest
{
    public string? ArtifactDirectoryPath { get; set; }
    public string? PageToken { get; set; }
    public void Validate()
    {
    }
}

public sealed class LogOutputsRequest : IMlflowRequest
{
    public string? RunId { get; set; }
    public List<WireModelOutput>? Models { get; set; }
    public void Validate()
    {
        Require.Present(RunId, "run_id");
        if (Models is not null)
            for (var i = 0; i < Models.Count; i++) Require.Present(Models[i]?.ModelId, $"models[{i}].model_id");
    }
}
