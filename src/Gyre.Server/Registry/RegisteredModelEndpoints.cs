using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Registry;

/// <summary>ModelRegistryService's registered-model and alias RPCs.</summary>
public static class RegisteredModelEndpoints
{
    /// <param name="productionGate">When set, setting a gated alias (e.g. champion) must pass its gates first.</param>
    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends, ProductionGate? productionGate = null)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Registry;

        Rpc.Map(routes, "POST", "/registered-models/create", Rpc.Handler(json.CreateRegisteredModelRequest, json.RegisteredModelResponse,
            async (r, _, ct) =>
            {
                var tags = r.Tags?.Select(t => new RegisteredModelTag(t.Key!, t.Value ?? "")).ToList();
                var model = await store.CreateRegisteredModelAsync(r.Name!, tags, NullIfEmpty(r.Description), ct);
                return new RegisteredModelResponse { RegisteredModel = model.ToWire() };
            }));

        Rpc.Map(routes, "GET", "/registered-models/get", Rpc.Handler(json.RegisteredModelNameRequest, json.RegisteredModelResponse,
            async (r, _, ct) => new RegisteredModelResponse { RegisteredModel = (await store.GetRegisteredModelAsync(r.Name!, ct)).ToWire() }));

        Rpc.Map(routes, "POST", "/registered-models/rename", Rpc.Handler(json.RenameRegisteredModelRequest, json.RegisteredModelResponse,
            async (r, _, ct) => new RegisteredModelResponse { RegisteredModel = (await store.RenameRegisteredModelAsync(r.Name!, r.NewName!, ct)).ToWire() }));

        Rpc.Map(routes, "PATCH", "/registered-models/update", Rpc.Handler(json.UpdateRegisteredModelRequest, json.RegisteredModelResponse,
            async (r, _, ct) => new RegisteredModelResponse { RegisteredModel = (await store.UpdateRegisteredModelAsync(r.Name!, r.Description, ct)).ToWire() }));

        Rpc.Map(routes, "DELETE", "/registered-models/delete", Rpc.Handler(json.RegisteredModelNameRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteRegisteredModelAsync(r.Name!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "GET", "/registered-models/search", Rpc.Handler(json.SearchRegisteredModelsRequest, json.SearchRegisteredModelsResponse,
            async (r, _, ct) =>
            {
                var page = await store.SearchRegisteredModelsAsync(NullIfEmpty(r.Filter), (int?)r.MaxResults, r.OrderBy, NullIfEmpty(r.PageToken), ct);
                return new SearchRegisteredModelsResponse
                {
                    RegisteredModels = page.Items.Count == 0 ? null : page.Items.Select(m => m.ToWire()).ToList(),
                    NextPageToken = page.NextPageToken,
                };
            }));

        var latest = Rpc.Handler(json.GetLatestVersionsRequest, json.ModelVersionsResponse,
            async (r, _, ct) =>
            {
                var versions = await store.GetLatestVersionsAsync(r.Name!, r.Stages is { Count: > 0 } ? r.Stages : null, ct);
                return new ModelVersionsResponse { ModelVersions = versions.Count == 0 ? null : versions.Select(v => v.ToWire()).ToList() };
            });
        Rpc.Map(routes, "POST", "/registered-models/get-latest-versions", latest);
        Rpc.Map(routes, "GET", "/registered-models/get-latest-versions", latest);

        Rpc.Map(routes, "POST", "/registered-models/set-tag", Rpc.Handler(json.SetRegisteredModelTagRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                await store.SetRegisteredModelTagAsync(r.Name!, new RegisteredModelTag(r.Key!, r.Value ?? ""), ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "DELETE", "/registered-models/delete-tag", Rpc.Handler(json.DeleteRegisteredModelTagRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteRegisteredModelTagAsync(r.Name!, r.Key!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/registered-models/alias", Rpc.Handler(json.SetRegisteredModelAliasRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                if (productionGate is not null && productionGate.GatesAlias(r.Alias!))
                    await productionGate.CheckAsync(r.Name!, r.Version!, $"@{r.Alias}", backends, ct);
                await store.SetRegisteredModelAliasAsync(r.Name!, r.Alias!, r.Version!, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "DELETE", "/registered-models/alias", Rpc.Handler(json.RegisteredModelAliasRequest, json.EmptyResponse,
            async (r, _, ct) => { await store.DeleteRegisteredModelAliasAsync(r.Name!, r.Alias!, ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "GET", "/registered-models/alias", Rpc.Handler(json.RegisteredModelAliasRequest, json.ModelVersionResponse,
            async (r, _, ct) => new ModelVersionResponse { ModelVersion = (await store.GetModelVersionByAliasAsync(r.Name!, r.Alias!, ct)).ToWire() }));
    }

    internal static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
