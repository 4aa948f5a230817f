using Gyre.Tracking.Entities;
using Gyre.Tracking.Paging;

namespace Gyre.Tracking.Stores;

/// <summary>
/// Experiments, runs and their logged data, with the semantics of MLflow's SQLAlchemy tracking store.
/// One method per MLflow tracking operation. User-facing failures throw
/// <see cref="Gyre.Core.Errors.GyreException"/> with MLflow's error codes and messages.
/// </summary>
public interface ITrackingStore : ILoggedModelStore, IAsyncDisposable
{
    // ---- experiments ----

    /// <summary>Creates an experiment; returns its id. RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyList<ExperimentTag>? tags = null, CancellationToken ct = default);

    /// <summary>Gets an experiment (also a deleted one). RESOURCE_DOES_NOT_EXIST when unknown.</summary>
    Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken ct = default);

    /// <summary>Gets an experiment by name, preferring an active one. RESOURCE_DOES_NOT_EXIST when unknown.</summary>
    Task<Experiment> GetExperimentByNameAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Searches experiments. <paramref name="maxResults"/> defaults to 1000, at most 50000. Filter: <c>name</c>,
    /// <c>tags.&lt;key&gt;</c>, <c>creation_time</c>, <c>last_update_time</c>. Order by <c>name</c>,
    /// <c>experiment_id</c>, <c>creation_time</c>, <c>last_update_time</c> (default creation_time DESC).
    /// </summary>
    Task<PagedResult<Experiment>> SearchExperimentsAsync(
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        string? pageToken = null,
        CancellationToken ct = default);

    /// <summary>Marks an experiment and its runs deleted.</summary>
    Task DeleteExperimentAsync(string experimentId, CancellationToken ct = default);

    /// <summary>Restores a deleted experiment and its runs.</summary>
    Task RestoreExperimentAsync(string experimentId, CancellationToken ct = default);

    /// <summary>Renames an experiment (MLflow's UpdateExperiment). INVALID_STATE when it is deleted.</summary>
    Task RenameExperimentAsync(string experimentId, string newName, CancellationToken ct = default);

    Task SetExperimentTagAsync(string experimentId, ExperimentTag tag, CancellationToken ct = default);

    Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken ct = default);

    // ---- runs ----

    /// <summary>
    /// Creates a run in an active experiment. A missing <paramref name="runName"/> is taken from the
    /// <c>mlflow.runName</c> tag or generated; the tag is kept equal to the run name.
    /// </summary>
    Task<Run> CreateRunAsync(
        string experimentId,
        string? userId = null,
        long? startTime = null,
        IReadOnlyList<RunTag>? tags = null,
        string? runName = null,
        CancellationToken ct = default);

    /// <summary>Gets a run (also a deleted one). RESOURCE_DOES_NOT_EXIST when unknown.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken ct = default);

    /// <summary>Updates status, end time and/or name (null leaves a field unchanged); returns the new info.</summary>
    Task<RunInfo> UpdateRunInfoAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null, CancellationToken ct = default);

    Task DeleteRunAsync(string runId, CancellationToken ct = default);

    Task RestoreRunAsync(string runId, CancellationToken ct = default);

    /// <summary>Appends a metric observation (identical repeats are ignored, as MLflow).</summary>
    Task LogMetricAsync(string runId, Metric metric, CancellationToken ct = default);

    /// <summary>Logs a param; re-logging the same value is fine, a different value is INVALID_PARAMETER_VALUE.</summary>
    Task LogParamAsync(string runId, Param param, CancellationToken ct = default);

    /// <summary>Sets (overwrites) a run tag; <c>mlflow.runName</c> also renames the run.</summary>
    Task SetTagAsync(string runId, RunTag tag, CancellationToken ct = default);

    /// <summary>Deletes a run tag. RESOURCE_DOES_NOT_EXIST when the tag is absent.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken ct = default);

    /// <summary>
    /// Logs metrics, params and tags in one transaction: all or nothing. Limits: 1000 metrics, 100 params,
    /// 100 tags, 1000 in total.
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null, IReadOnlyList<RunTag>? tags = null, CancellationToken ct = default);

    /// <summary>Records dataset inputs; datasets are deduplicated per experiment by (name, digest).</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken ct = default);

    /// <summary>
    /// The full history of one metric, ordered by (timestamp, step, value). Without <paramref name="maxResults"/>
    /// everything is returned in one page.
    /// </summary>
    Task<PagedResult<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults = null, string? pageToken = null, CancellationToken ct = default);

    /// <summary>
    /// Sampled history of one metric across runs (MLflow's get-history-bulk-interval): at most
    /// <paramref name="maxResults"/> steps (1..2500, default 2500) evenly chosen among the logged steps in
    /// [start, end], always keeping each run's first and last step. Up to 100 runs.
    /// </summary>
    Task<IReadOnlyList<MetricWithRunId>> GetMetricHistoryBulkIntervalAsync(
        IReadOnlyList<string> runIds,
        string metricKey,
        long? startStep = null,
        long? endStep = null,
        int? maxResults = null,
        CancellationToken ct = default);

    /// <summary>
    /// Searches runs in the given experiments with MLflow's filter grammar and order_by clauses.
    /// <paramref name="maxResults"/> defaults to 1000, at most 50000.
    /// </summary>
    Task<PagedResult<Run>> SearchRunsAsync(
        IReadOnlyList<string> experimentIds,
        string? filter = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        IReadOnlyList<string>? orderBy = null,
        string? pageToken = null,
        CancellationToken ct = default);
}
