using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Registry;

/// <summary>ModelRegistryService's model-version RPCs.</summary>
public static class ModelVersionEndpoints
{
    /// <param name="productionGate">When set, a transition to Production must pass its gates first.</param>
    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends, ProductionGate? productionGate = null)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Registry;

        Rpc.Map(routes, "POST", "/model-versions/create", Rpc.Handler(json.CreateModelVersionRequest, json.ModelVersionResponse,
            async (r, _, ct) =>
            {
                var runId = string.IsNullOrEmpty(r.RunId) ? null : r.RunId;
                var modelId = string.IsNullOrEmpty(r.ModelId) ? null : r.ModelId;
                if (modelId is not null) await ModelVersionSource.ValidateForLoggedModelAsync(r.Source!, modelId, backends, ct);
                else await ModelVersionSource.ValidateAsync(r.Source!, runId, backends, ct);
                var tags = r.Tags?.Select(t => new ModelVersionTag(t.Key!, t.Value ?? "")).ToList();
                var version = await store.CreateModelVersionAsync(r.Name!, r.Source!, runId, tags,
                    string.IsNullOrEmpty(r.RunLink) ? null : r.RunLink, string.IsNullOrEmpty(r.Description) ? null : r.Description, modelId, ct);
                return new ModelVersionResponse { ModelVersion = version.ToWire() };
            }));

        Rpc.Map(routes, "GET", "/model-versions/get", Rpc.Handler(json.ModelVersionIdRequest, json.ModelVersionResponse,
            async (r, _, ct) => new ModelVersionResponse { ModelVersion = (await store.GetModelVersionAsync(r.Name!, r.Version!, ct)).ToWire() }));

        Rpc.Map(routes, "PATCH", "/model-versions/update", Rpc.Handler(json.UpdateModelVersionRequest, json.ModelVersionResponse,
            async (r, _, ct) => new ModelVersionResponse { ModelVersion = (await store.UpdateModelVersionAsync(r.Name!, r.Version!, r.Description, ct)).ToWire() }));

        Rpc.Map(routes, "DELETE", "/model-versions/delete", Rpc.Handler(json.ModelVersionIdRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteModelVersionAsync(r.Name!, r.Version!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "GET", "/model-versions/search", Rpc.Handler(json.SearchModelVersionsRequest, json.SearchModelVersionsResponse,
            async (r, _, ct) =>
            {
                var page = await store.SearchModelVersionsAsync(
                    string.IsNullOrEmpty(r.Filter) ? null : r.Filter, (int?)r.MaxResults, r.OrderBy, string.IsNullOrEmpty(r.PageToken) ? null : r.PageToken, ct);
                return new SearchModelVersionsResponse
                {
                    ModelVersions = page.Items.Count == 0 ? null : page.Items.Select(v => v.ToWire()).ToList(),
                    NextPageToken = page.NextPageToken,
                };
            }));

        Rpc.Map(routes, "POST", "/model-versions/transition-stage", Rpc.Handler(json.TransitionModelVersionStageRequest, json.ModelVersionResponse,
            async (r, _, ct) =>
            {
                if (productionGate is not null && ProductionGate.GatesStage(r.Stage!))
                    await productionGate.CheckAsync(r.Name!, r.Version!, "Production", backends, ct);
                return new ModelVersionResponse
                {
                    ModelVersion = (await store.TransitionModelVersionStageAsync(r.Name!, r.Version!, r.Stage!, r.ArchiveExistingVersions ?? false, ct)).ToWire(),
                };
            }));

        Rpc.Map(routes, "GET", "/model-versions/get-download-uri", Rpc.Handler(json.ModelVersionIdRequest, json.GetModelVersionDownloadUriResponse,
            async (r, _, ct) => new GetModelVersionDownloadUriResponse { ArtifactUri = await store.GetModelVersionDownloadUriAsync(r.Name!, r.Version!, ct) }));

        Rpc.Map(routes, "POST", "/model-versions/set-tag", Rpc.Handler(json.SetModelVersionTagRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await store.SetModelVersionTagAsync(r.Name!, r.Version!, new ModelVersionTag(r.Key!, r.Value ?? ""), ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "DELETE", "/model-versions/delete-tag", Rpc.Handler(json.DeleteModelVersionTagRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteModelVersionTagAsync(r.Name!, r.Version!, r.Key!, ct); return EmptyResponse.Instance; }));
    }
}
