namespace Gyre.Server.Protocol.Messages;

// Request and response messages of mlflow/protos/model_registry.proto, field for field, with the
// required-field checks of mlflow/server/handlers.py.

public sealed class CreateRegisteredModelRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public string? Description { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        if (Tags is not null)
            for (var i = 0; i < Tags.Count; i++) Require.Present(Tags[i]?.Key, $"tags[{i}].key");
    }
}

public sealed class RegisteredModelResponse
{
    public WireRegisteredModel? RegisteredModel { get; set; }
}

/// <summary>GetRegisteredModel and DeleteRegisteredModel.</summary>
public sealed class RegisteredModelNameRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public void Validate() => Require.Present(Name, "name");
}

public sealed class RenameRegisteredModelRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? NewName { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(NewName, "new_name");
    }
}

public sealed class UpdateRegisteredModelRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public void Validate() => Require.Present(Name, "name");
}

public sealed class SearchRegisteredModelsRequest : IMlflowRequest
{
    public string? Filter { get; set; }
    public long? MaxResults { get; set; }
    public List<string>? OrderBy { get; set; }
    public string? PageToken { get; set; }

    public void Validate()
    {
        if (MaxResults is < 1) throw Require.Invalid("max_results", "it must be at least 1");
        Require.AtMost(MaxResults, 1000, "max_results");
    }
}

public sealed class SearchModelVersionsRequest : IMlflowRequest
{
    public string? Filter { get; set; }
    public long? MaxResults { get; set; }
    public List<string>? OrderBy { get; set; }
    public string? PageToken { get; set; }

    public void Validate()
    {
        if (MaxResults is < 1) throw Require.Invalid("max_results", "it must be at least 1");
        Require.AtMost(MaxResults, 200_000, "max_results");
    }
}

public sealed class SearchRegisteredModelsResponse
{
    public List<WireRegisteredModel>? RegisteredModels { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class GetLatestVersionsRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public List<string>? Stages { get; set; }
    public void Validate() => Require.Present(Name, "name");
}

public sealed class ModelVersionsResponse
{
    public List<WireModelVersion>? ModelVersions { get; set; }
}

public sealed class SearchModelVersionsResponse
{
    public List<WireModelVersion>? ModelVersions { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class SetRegisteredModelTagRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Key { get; set; }
    public string? Value { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Key, "key");
    }
}

public sealed class DeleteRegisteredModelTagRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Key { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Key, "key");
    }
}

public sealed class SetRegisteredModelAliasRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Alias { get; set; }
    public string? Version { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Alias, "alias");
        Require.Present(Version, "version");
    }
}

/// <summary>DeleteRegisteredModelAlias and GetModelVersionByAlias.</summary>
public sealed class RegisteredModelAliasRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Alias { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Alias, "alias");
    }
}

public sealed class CreateModelVersionRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Source { get; set; }
    public string? RunId { get; set; }
    public List<WireKeyValue>? Tags { get; set; }
    public string? RunLink { get; set; }
    public string? Description { get; set; }
    public string? ModelId { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Source, "source");
        if (Tags is not null)
            for (var i = 0; i < Tags.Count; i++) Require.Present(Tags[i]?.Key, $"tags[{i}].key");
    }
}

public sealed class ModelVersionResponse
{
    public WireModelVersion? ModelVersion { get; set; }
}

/// <summary>GetModelVersion, DeleteModelVersion and GetModelVersionDownloadUri.</summary>
public sealed class ModelVersionIdRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Version, "version");
    }
}

public sealed class UpdateModelVersionRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Description { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Version, "version");
    }
}

public sealed class TransitionModelVersionStageRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Stage { get; set; }
    public bool? ArchiveExistingVersions { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Version, "version");
        Require.Present(Stage, "stage");
    }
}

public sealed class GetModelVersionDownloadUriResponse
{
    public string? ArtifactUri { get; set; }
}

public sealed class SetModelVersionTagRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Key { get; set; }
    public string? Value { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Version, "version");
        Require.Present(Key, "key");
    }
}

public sealed class DeleteModelVersionTagRequest : IMlflowRequest
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Key { get; set; }
    public void Validate()
    {
        Require.Present(Name, "name");
        Require.Present(Version, "version");
        Require.Present(Key, "key");
    }
}

public sealed class ErrorResponse
{
    public string? ErrorCode { get; set; }
    public string? Message { get; set; }
}

/// <summary>The artifact proxy's listing answer (mlflow_artifacts.proto ListArtifacts.Response).</summary>
public sealed class ArtifactListResponse
{
    public List<WireFileInfo>? Files { get; set; }
}
