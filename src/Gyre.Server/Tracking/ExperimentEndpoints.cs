using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Tracking;

/// <summary>MlflowService's experiment RPCs.</summary>
public static class ExperimentEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Tracking;

        Rpc.Map(routes, "POST", "/experiments/create", Rpc.Handler(json.CreateExperimentRequest, json.CreateExperimentResponse,
            async (r, _, ct) =>
            {
                var tags = r.Tags?.Select(t => new ExperimentTag(t.Key!, t.Value ?? "")).ToList();
                var id = await store.CreateExperimentAsync(r.Name!, string.IsNullOrEmpty(r.ArtifactLocation) ? null : r.ArtifactLocation, tags, ct);
                return new CreateExperimentResponse { ExperimentId = id };
            }));

        var search = Rpc.Handler(json.SearchExperimentsRequest, json.SearchExperimentsResponse,
            async (r, _, ct) =>
            {
                var page = await store.SearchExperimentsAsync(
                    (ViewType)(int)(r.ViewType ?? WireViewType.ACTIVE_ONLY),
                    (int)(r.MaxResults ?? 1000), NullIfEmpty(r.Filter), r.OrderBy, NullIfEmpty(r.PageToken), ct);
                return new SearchExperimentsResponse
                {
                    Experiments = page.Items.Count == 0 ? null : page.Items.Select(e => e.ToWire()).ToList(),
                    NextPageToken = page.NextPageToken,
                };
            });
        Rpc.Map(routes, "POST", "/experiments/search", search);
        Rpc.Map(routes, "GET", "/experiments/search", search);

        Rpc.Map(routes, "GET", "/experiments/get", Rpc.Handler(json.GetExperimentRequest, json.ExperimentResponse,
            async (r, _, ct) => new ExperimentResponse { Experiment = (await store.GetExperimentAsync(r.ExperimentId!, ct)).ToWire() }));

        Rpc.Map(routes, "GET", "/experiments/get-by-name", Rpc.Handler(json.GetExperimentByNameRequest, json.ExperimentResponse,
            async (r, _, ct) => new ExperimentResponse { Experiment = (await store.GetExperimentByNameAsync(r.ExperimentName!, ct)).ToWire() }));

        Rpc.Map(routes, "POST", "/experiments/delete", Rpc.Handler(json.ExperimentIdRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteExperimentAsync(r.ExperimentId!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/experiments/restore", Rpc.Handler(json.ExperimentIdRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.RestoreExperimentAsync(r.ExperimentId!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/experiments/update", Rpc.Handler(json.UpdateExperimentRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.RenameExperimentAsync(r.ExperimentId!, r.NewName!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/experiments/set-experiment-tag", Rpc.Handler(json.SetExperimentTagRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await store.SetExperimentTagAsync(r.ExperimentId!, new ExperimentTag(r.Key!, r.Value ?? ""), ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/experiments/delete-experiment-tag", Rpc.Handler(json.DeleteExperimentTagRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteExperimentTagAsync(r.ExperimentId!, r.Key!, ct); return EmptyResponse.Instance; }));
    }

    internal static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
