using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;

namespace Gyre.Tracking.Stores;

/// <summary>
/// MLflow 3 logged models and their links to runs, with the semantics of MLflow's SQLAlchemy store.
/// Unknown (or deleted) model ids are RESOURCE_DOES_NOT_EXIST; bad input is INVALID_PARAMETER_VALUE.
/// </summary>
public interface ILoggedModelStore
{
    /// <summary>
    /// Creates a PENDING logged model in an active experiment, with id <c>m-&lt;32 hex&gt;</c> and artifact
    /// location <c>&lt;experiment artifact location&gt;/models/&lt;model_id&gt;/artifacts</c>. A missing name is generated.
    /// </summary>
    Task<LoggedModel> CreateLoggedModelAsync(
        string experimentId,
        string? name = null,
        string? modelType = null,
        string? sourceRunId = null,
        IReadOnlyList<LoggedModelParameter>? @params = null,
        IReadOnlyList<LoggedModelTag>? tags = null,
        CancellationToken ct = default);

    /// <summary>Gets a logged model; a deleted one only with <paramref name="allowDeleted"/>.</summary>
    Task<LoggedModel> GetLoggedModelAsync(string modelId, bool allowDeleted = false, CancellationToken ct = default);

    /// <summary>Sets the model's status (READY once its files are uploaded, or UPLOAD_FAILED).</summary>
    Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken ct = default);

    /// <summary>Marks a logged model deleted.</summary>
    Task DeleteLoggedModelAsync(string modelId, CancellationToken ct = default);

    /// <summary>Sets (overwrites) tags on a logged model.</summary>
    Task SetLoggedModelTagsAsync(string modelId, IReadOnlyList<LoggedModelTag> tags, CancellationToken ct = default);

    /// <summary>Deletes a tag; RESOURCE_DOES_NOT_EXIST when the tag is absent.</summary>
    Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken ct = default);

    /// <summary>Logs params; re-logging a value is fine, changing one is INVALID_PARAMETER_VALUE.</summary>
    Task LogLoggedModelParamsAsync(string modelId, IReadOnlyList<LoggedModelParameter> @params, CancellationToken ct = default);

    /// <summary>
    /// Searches active logged models in the given experiments, as MLflow's SQL store does. Filter: <c>metrics.x</c>
    /// (any logged value), <c>params.x</c>, <c>tags.x</c> and attributes (<c>name</c>, <c>model_id</c>,
    /// <c>model_type</c>, <c>status</c>, <c>source_run_id</c>, <c>creation_timestamp</c>, <c>last_updated_timestamp</c>, ...).
    /// With <paramref name="datasets"/>, metric filters consider only metrics on those datasets, and without a
    /// metric filter only models with metrics on them match. Order by attributes or <c>metrics.x</c> (the newest
    /// value, on the term's dataset when given); then creation_timestamp DESC. <paramref name="maxResults"/>
    /// defaults to 100. Page tokens are bound to the experiments, filter and order_by that issued them.
    /// </summary>
    Task<PagedResult<LoggedModel>> SearchLoggedModelsAsync(
        IReadOnlyList<string> experimentIds,
        string? filter = null,
        IReadOnlyList<LoggedModelDatasetFilter>? datasets = null,
        int? maxResults = null,
        IReadOnlyList<LoggedModelOrderBy>? orderBy = null,
        string? pageToken = null,
        CancellationToken ct = default);

    /// <summary>Records logged models as outputs of an active run (MLflow's LogOutputs).</summary>
    Task LogOutputsAsync(string runId, IReadOnlyList<ModelOutput> models, CancellationToken ct = default);

    /// <summary>Records dataset and logged-model inputs of an active run in one transaction (MLflow's LogInputs).</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, IReadOnlyList<ModelInput>? models, CancellationToken ct = default);
}
