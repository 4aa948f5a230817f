using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;

namespace Gyre.Tracking.Stores;

/// <summary>
/// MLflow's model registry with the semantics of its SQLAlchemy registry store. Versions are decimal
/// strings ("1", "2", ...). Failures throw <see cref="Gyre.Core.Errors.GyreException"/>.
/// </summary>
public interface IModelRegistryStore : IAsyncDisposable
{
    // ---- registered models ----

    /// <summary>RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<RegisteredModelTag>? tags = null, string? description = null, CancellationToken ct = default);

    /// <summary>RESOURCE_DOES_NOT_EXIST when unknown.</summary>
    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken ct = default);

    /// <summary>Renames a model; its versions move with it.</summary>
    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken ct = default);

    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken ct = default);

    /// <summary>Deletes a model with its versions, tags and aliases.</summary>
    Task DeleteRegisteredModelAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Filter: <c>name = / != / LIKE / ILIKE</c>, <c>tags.&lt;key&gt;</c>. Order by <c>name</c>,
    /// <c>timestamp</c>/<c>creation_timestamp</c>, <c>last_updated_timestamp</c> (default name ASC).
    /// <paramref name="maxResults"/> defaults to 100, at most 1000.
    /// </summary>
    Task<PagedResult<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, int? maxResults = null, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken ct = default);

    /// <summary>The latest version in each requested stage (all stages when none given).</summary>
    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages = null, CancellationToken ct = default);

    Task SetRegisteredModelTagAsync(string name, RegisteredModelTag tag, CancellationToken ct = default);

    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken ct = default);

    // ---- model versions ----

    /// <summary>Creates the next version (numbers are never reused), status READY, stage None.</summary>
    Task<ModelVersion> CreateModelVersionAsync(
        string name,
        string source,
        string? runId = null,
        IReadOnlyList<ModelVersionTag>? tags = null,
        string? runLink = null,
        string? description = null,
        CancellationToken ct = default);

    /// <summary>
    /// Creates a version registered from an MLflow 3 logged model (<paramref name="modelId"/>, MLflow's
    /// <c>CreateModelVersion.model_id</c>). A source <c>models:/m-&lt;id&gt;</c> is stored as given and its files
    /// are found at the logged model's artifact location; the logged model's <c>mlflow.modelVersions</c> tag
    /// records the registration. RESOURCE_DOES_NOT_EXIST when the logged model is unknown.
    /// </summary>
    Task<ModelVersion> CreateModelVersionAsync(
        string name,
        string source,
        string? runId,
        IReadOnlyList<ModelVersionTag>? tags,
        string? runLink,
        string? description,
        string? modelId,
        CancellationToken ct);

    /// <summary>RESOURCE_DOES_NOT_EXIST when unknown.</summary>
    Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken ct = default);

    Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken ct = default);

    /// <summary>
    /// Moves a version to a stage; with <paramref name="archiveExistingVersions"/> (Staging/Production only)
    /// other versions in that stage become Archived.
    /// </summary>
    Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions, CancellationToken ct = default);

    Task DeleteModelVersionAsync(string name, string version, CancellationToken ct = default);

    /// <summary>
    /// Filter: <c>name</c>, <c>run_id</c> (= / IN), <c>source_path</c>, <c>version_number</c>, <c>tags.&lt;key&gt;</c>.
    /// <paramref name="maxResults"/> defaults to 10000, at most 200000.
    /// </summary>
    Task<PagedResult<ModelVersion>> SearchModelVersionsAsync(string? filter = null, int? maxResults = null, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken ct = default);

    /// <summary>The artifact location of a version (its source).</summary>
    Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken ct = default);

    Task SetModelVersionTagAsync(string name, string version, ModelVersionTag tag, CancellationToken ct = default);

    Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken ct = default);

    // ---- aliases ----

    Task SetRegisteredModelAliasAsync(string name, string alias, string version, CancellationToken ct = default);

    Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken ct = default);

    /// <summary>INVALID_PARAMETER_VALUE when the alias is not set (as MLflow).</summary>
    Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken ct = default);
}
