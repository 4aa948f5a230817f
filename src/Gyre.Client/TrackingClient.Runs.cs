using System.Runtime.CompilerServices;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client;

public sealed partial class TrackingClient
{
    /// <summary>MLflow's log-batch limits per request.</summary>
    internal const int MaxBatchMetrics = 1000, MaxBatchParams = 100, MaxBatchTags = 100, MaxBatchEntities = 1000;

    /// <summary>Creates a run (status RUNNING) in an experiment. Low level: no system tags; see <see cref="StartRunAsync"/>.</summary>
    public async Task<Run> CreateRunAsync(string experimentId, string? runName = null, IReadOnlyDictionary<string, string>? tags = null,
        string? userId = null, long? startTime = null, CancellationToken cancellationToken = default)
    {
        Require(experimentId, "Experiment id");
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "runs/create",
            new CreateRunRequest(experimentId, userId, runName, startTime ?? NowMillis(), ToTags(tags)),
            MlflowJsonContext.Default.CreateRunRequest, MlflowJsonContext.Default.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run;
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        Require(runId, "Run id");
        var response = await _http.GetAsync(Api + "runs/get", [Q("run_id", runId)], MlflowJsonContext.Default.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run;
    }

    /// <summary>Sets a run's status (with an end time for terminal statuses) and/or its name.</summary>
    public async Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status = null, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default)
    {
        Require(runId, "Run id");
        if (endTime is null && status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed) endTime = NowMillis();
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "runs/update", new UpdateRunRequest(runId, status, endTime, runName),
            MlflowJsonContext.Default.UpdateRunRequest, MlflowJsonContext.Default.UpdateRunResponse, cancellationToken).ConfigureAwait(false);
        return response.RunInfo;
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete", new RunIdRequest(runId), MlflowJsonContext.Default.RunIdRequest, cancellationToken);

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default) =>
        PostAsync("runs/restore", new RunIdRequest(runId), MlflowJsonContext.Default.RunIdRequest, cancellationToken);

    public Task LogMetricAsync(string runId, string key, double value, long step = 0, long? timestamp = null, CancellationToken cancellationToken = default) =>
        PostAsync("runs/log-metric", new LogMetricRequest(runId, key, value, timestamp ?? NowMillis(), step), MlflowJsonContext.Default.LogMetricRequest, cancellationToken);

    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("runs/log-parameter", new LogParamRequest(runId, key, value), MlflowJsonContext.Default.LogParamRequest, cancellationToken);

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("runs/set-tag", new SetTagRequest(runId, key, value), MlflowJsonContext.Default.SetTagRequest, cancellationToken);

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete-tag", new DeleteTagRequest(runId, key), MlflowJsonContext.Default.DeleteTagRequest, cancellationToken);

    /// <summary>Logs metrics, params and tags, split into as many log-batch requests as MLflow's limits need
    /// (1000 metrics, 100 params, 100 tags, 1000 entries per request), in order.</summary>
    public async Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<Param>? @params = null, IReadOnlyList<Tag>? tags = null,
        CancellationToken cancellationToken = default)
    {
        Require(runId, "Run id");
        metrics ??= [];
        @params ??= [];
        tags ??= [];
        int m = 0, p = 0, t = 0;
        while (m < metrics.Count || p < @params.Count || t < tags.Count)
        {
            var takeParams = Math.Min(MaxBatchParams, @params.Count - p);
            var takeTags = Math.Min(MaxBatchTags, tags.Count - t);
            var takeMetrics = Math.Min(Math.Min(MaxBatchMetrics, MaxBatchEntities - takeParams - takeTags), metrics.Count - m);
            var request = new LogBatchRequest(runId, Slice(metrics, m, takeMetrics), Slice(@params, p, takeParams), Slice(tags, t, takeTags));
            await PostAsync("runs/log-batch", request, MlflowJsonContext.Default.LogBatchRequest, cancellationToken).ConfigureAwait(false);
            m += takeMetrics;
            p += takeParams;
            t += takeTags;
        }
    }

    /// <summary>One page of runs in <paramref name="experimentIds"/> matching <paramref name="filter"/> (MLflow's search syntax,
    /// e.g. <c>metrics.auc &gt; 0.9 and params.model = 'xgb'</c>).</summary>
    public async Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly, int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        if (experimentIds is null || experimentIds.Count == 0)
            throw GyreException.InvalidParameter("Search runs needs at least one experiment id.");
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "runs/search",
            new SearchRunsRequest(experimentIds, filter, viewType, maxResults, orderBy, pageToken),
            MlflowJsonContext.Default.SearchRunsRequest, MlflowJsonContext.Default.SearchRunsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<Run>(response.Runs ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching run, following page tokens.</summary>
    public async IAsyncEnumerable<Run> SearchAllRunsAsync(IReadOnlyList<string> experimentIds, string? filter = null, IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchRunsAsync(experimentIds, filter, orderBy, viewType, 1000, token, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items) yield return run;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>Every value logged for one metric of a run, following page tokens.</summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string metricKey, CancellationToken cancellationToken = default)
    {
        Require(runId, "Run id");
        Require(metricKey, "Metric key");
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var response = await _http.GetAsync(Api + "metrics/get-history", [Q("run_id", runId), Q("metric_key", metricKey), Q("page_token", token)],
                MlflowJsonContext.Default.MetricHistoryResponse, cancellationToken).ConfigureAwait(false);
            all.AddRange(response.Metrics ?? []);
            token = NullIfEmpty(response.NextPageToken);
        }
        while (token is not null);
        return all;
    }

    private static List<T> Slice<T>(IReadOnlyList<T> source, int start, int count)
    {
        var list = new List<T>(count);
        for (var i = 0; i < count; i++) list.Add(source[start + i]);
        return list;
    }
}
