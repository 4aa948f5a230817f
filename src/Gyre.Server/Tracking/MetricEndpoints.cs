using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Tracking;

/// <summary>MlflowService's metric history RPCs.</summary>
public static class MetricEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Tracking;

        Rpc.Map(routes, "GET", "/metrics/get-history", Rpc.Handler(json.GetMetricHistoryRequest, json.GetMetricHistoryResponse,
            async (r, _, ct) =>
            {
                var page = await store.GetMetricHistoryAsync(
                    Require.RunId(r.RunId, r.RunUuid), r.MetricKey!, r.MaxResults, string.IsNullOrEmpty(r.PageToken) ? null : r.PageToken, ct);
                var metrics = new List<WireMetric>(page.Items.Count);
                foreach (var m in page.Items) metrics.Add(m.ToWire());
                return new GetMetricHistoryResponse { Metrics = metrics.Count == 0 ? null : metrics, NextPageToken = page.NextPageToken };
            }));

        Rpc.Map(routes, "GET", "/metrics/get-history-bulk-interval", Rpc.Handler(json.GetMetricHistoryBulkIntervalRequest, json.GetMetricHistoryBulkIntervalResponse,
            async (r, _, ct) =>
            {
                var points = await store.GetMetricHistoryBulkIntervalAsync(r.RunIds!, r.MetricKey!, r.StartStep, r.EndStep, r.MaxResults, ct);
                var metrics = new List<WireMetricWithRunId>(points.Count);
                foreach (var m in points) metrics.Add(m.ToWire());
                return new GetMetricHistoryBulkIntervalResponse { Metrics = metrics.Count == 0 ? null : metrics };
            }));
    }
}
