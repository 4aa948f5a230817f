namespace Gyre.Client.Protocol;

// Request and response bodies of MLflow's model registry endpoints (model_registry.proto), for source-generated JSON.

internal sealed record CreateRegisteredModelRequest(string Name, IReadOnlyList<Tag>? Tags, string? Description);
internal sealed record RegisteredModelResponse(RegisteredModel RegisteredModel);
internal sealed record RenameRegisteredModelRequest(string Name, string NewName);
internal sealed record UpdateRegisteredModelRequest(string Name, string? Description);
internal sealed record NameRequest(string Name);
internal sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModel>? RegisteredModels, string? NextPageToken);
internal sealed record GetLatestVersionsRequest(string Name, IReadOnlyList<string>? Stages);
internal sealed record ModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions);
internal sealed record CreateModelVersionRequest(string Name, string Source, string? RunId, IReadOnlyList<Tag>? Tags, string? RunLink, string? Description, string? ModelId);
internal sealed record ModelVersionResponse(ModelVersion ModelVersion);
internal sealed record UpdateModelVersionRequest(string Name, string Version, string? Description);
internal sealed record TransitionStageRequest(string Name, string Version, string Stage, bool ArchiveExistingVersions);
internal sealed record NameVersionRequest(string Name, string Version);
internal sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions, string? NextPageToken);
internal sealed record DownloadUriResponse(string ArtifactUri);
internal sealed record SetRegisteredModelTagRequest(string Name, string Key, string Value);
internal sealed record SetModelVersionTagRequest(string Name, string Version, string Key, string Value);
internal sealed record DeleteRegisteredModelTagRequest(string Name, string Key);
internal sealed record DeleteModelVersionTagRequest(string Name, string Version, string Key);
internal sealed record SetAliasRequest(string Name, string Alias, string Version);
internal sealed record DeleteAliasRequest(string Name, string Alias);
