using Gyre.Core.Errors;
using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Tracking;

/// <summary>MlflowService's run RPCs: lifecycle, logging and search.</summary>
public static class RunEndpoints
{
    /// <summary>MLflow's MAX_BATCH_LOG_REQUEST_SIZE.</summary>
    public const long MaxBatchRequestBytes = 1_000_000;

    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Tracking;

        Rpc.Map(routes, "POST", "/runs/create", Rpc.Handler(json.CreateRunRequest, json.RunResponse,
            async (r, _, ct) =>
            {
                var tags = r.Tags?.Select(t => new RunTag(t.Key!, t.Value ?? "")).ToList();
                var run = await store.CreateRunAsync(r.ExperimentId ?? "", NullIfEmpty(r.UserId), r.StartTime, tags, NullIfEmpty(r.RunName), ct);
                return new RunResponse { Run = run.ToWire() };
            }));

        Rpc.Map(routes, "POST", "/runs/update", Rpc.Handler(json.UpdateRunRequest, json.UpdateRunResponse,
            async (r, _, ct) =>
            {
                var status = r.Status is { } s ? (RunStatus)(int)s : (RunStatus?)null;
                var info = await store.UpdateRunInfoAsync(Require.RunId(r.RunId, r.RunUuid), status, r.EndTime, r.RunName, ct);
                return new UpdateRunResponse { RunInfo = info.ToWire() };
            }));

        Rpc.Map(routes, "POST", "/runs/delete", Rpc.Handler(json.RunIdRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteRunAsync(Require.RunId(r.RunId, r.RunUuid), ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/runs/restore", Rpc.Handler(json.RunIdRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.RestoreRunAsync(Require.RunId(r.RunId, r.RunUuid), ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "GET", "/runs/get", Rpc.Handler(json.RunIdRequest, json.RunResponse,
            async (r, _, ct) => new RunResponse { Run = (await store.GetRunAsync(Require.RunId(r.RunId, r.RunUuid), ct)).ToWire() }));

        Rpc.Map(routes, "POST", "/runs/log-metric", Rpc.Handler(json.LogMetricRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                var metric = new Metric(r.Key!, r.Value!.Value, r.Timestamp!.Value, r.Step ?? 0)
                {
                    ModelId = NullIfEmpty(r.ModelId),
                    DatasetName = NullIfEmpty(r.DatasetName),
                    DatasetDigest = NullIfEmpty(r.DatasetDigest),
                };
                await store.LogMetricAsync(Require.RunId(r.RunId, r.RunUuid), metric, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/log-parameter", Rpc.Handler(json.KeyValueRunRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await store.LogParamAsync(Require.RunId(r.RunId, r.RunUuid), new Param(r.Key!, r.Value ?? ""), ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/set-tag", Rpc.Handler(json.KeyValueRunRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await store.SetTagAsync(Require.RunId(r.RunId, r.RunUuid), new RunTag(r.Key!, r.Value ?? ""), ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/delete-tag", Rpc.Handler(json.DeleteTagRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteTagAsync(r.RunId!, r.Key!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/runs/log-batch", Rpc.Handler(json.LogBatchRequest, json.EmptyResponse,
            async (r, context, ct) =>
            {
                var size = context.Request.ContentLength;
                if (size > MaxBatchRequestBytes)
                    throw GyreException.InvalidParameter(
                        $"Batched logging API requests must be at most {MaxBatchRequestBytes} bytes, got payload of size {size}.");
                // The reader's pooled lists go back once the call returns: the batch is stored (or refused) by then.
                using var checkedMetrics = r.CheckedMetrics;
                using var checkedParams = r.CheckedParams;
                IReadOnlyList<Metric>? metrics = checkedMetrics is not null ? checkedMetrics : r.Metrics is null ? null : ToMetrics(r.Metrics);
                IReadOnlyList<Param>? parameters = checkedParams is not null ? checkedParams : r.Params?.Select(p => new Param(p.Key!, p.Value ?? "")).ToList();
                var tags = r.Tags?.Select(t => new RunTag(t.Key!, t.Value ?? "")).ToList();
                await store.LogBatchAsync(Require.RunId(r.RunId, r.RunUuid), metrics, parameters, tags, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/log-inputs", Rpc.Handler(json.LogInputsRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                var datasets = (r.Datasets ?? []).Select(d => new DatasetInput(
                    (d.Tags ?? []).Select(t => new InputTag(Require.Present(t.Key, "datasets.tags.key"), t.Value ?? "")).ToList(),
                    new Dataset(d.Dataset!.Name!, d.Dataset.Digest!, d.Dataset.SourceType!, d.Dataset.Source!, d.Dataset.Schema, d.Dataset.Profile))).ToList();
                var models = r.Models?.Select(m => new ModelInput(Require.Present(m.ModelId, "models.model_id"))).ToList();
                await store.LogInputsAsync(r.RunId!, datasets, models, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/log-model", Rpc.Handler(json.LogModelRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await LoggedModelHistory.RecordAsync(store, r.RunId!, r.ModelJson!, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/runs/search", Rpc.Handler(json.SearchRunsRequest, json.SearchRunsResponse,
            async (r, _, ct) =>
            {
                var page = await store.SearchRunsAsync(
                    r.ExperimentIds ?? [], NullIfEmpty(r.Filter), (ViewType)(int)(r.RunViewType ?? WireViewType.ACTIVE_ONLY),
                    r.MaxResults ?? 1000, r.OrderBy, NullIfEmpty(r.PageToken), ct);
                var runs = new List<WireRun>(page.Items.Count);
                foreach (var run in page.Items) runs.Add(run.ToWire());
                return new SearchRunsResponse { Runs = runs.Count == 0 ? null : runs, NextPageToken = page.NextPageToken };
            }));
    }

    private static List<Metric> ToMetrics(List<WireMetric> wire)
    {
        var metrics = new List<Metric>(wire.Count);
        foreach (var m in wire)
        {
            var metric = new Metric(m.Key!, m.Value!.Value, m.Timestamp!.Value, m.Step ?? 0);
            if (m.ModelId is { Length: > 0 } || m.DatasetName is { Length: > 0 } || m.DatasetDigest is { Length: > 0 })
                metric = metric with { ModelId = NullIfEmpty(m.ModelId), DatasetName = NullIfEmpty(m.DatasetName), DatasetDigest = NullIfEmpty(m.DatasetDigest) };
            metrics.Add(metric);
        }
        return metrics;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
