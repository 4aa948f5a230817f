using Gyre.Artifacts;
using Gyre.Core.Errors;
using Gyre.Server.Artifacts;
using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Protocol.Json;
using Gyre.Server.Protocol.Messages;
using Gyre.Tracking.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gyre.Server.Tracking;

/// <summary>
/// MLflow 3's logged-model RPCs (routes and verbs of service.proto, behaviour of mlflow/server/handlers.py)
/// and LogOutputs, which links logged models to the run that produced them.
/// </summary>
public static class LoggedModelEndpoints
{
    /// <summary>SearchLoggedModels.max_results' proto default.</summary>
    public const int DefaultSearchMaxResults = 50;

    public static void Map(IEndpointRouteBuilder routes, GyreBackends backends)
    {
        var json = MlflowJsonContext.Default;
        var store = backends.Tracking;

        Rpc.Map(routes, "POST", "/logged-models", Rpc.Handler(json.CreateLoggedModelRequest, json.LoggedModelResponse,
            async (r, _, ct) =>
            {
                var model = await store.CreateLoggedModelAsync(
                    r.ExperimentId!, NullIfEmpty(r.Name), NullIfEmpty(r.ModelType), NullIfEmpty(r.SourceRunId),
                    r.Params is { Count: > 0 } ? r.Params.Select(p => new LoggedModelParameter(p.Key ?? "", p.Value ?? "")).ToList() : null,
                    r.Tags is { Count: > 0 } ? r.Tags.Select(t => new LoggedModelTag(t.Key ?? "", t.Value ?? "")).ToList() : null,
                    ct);
                return new LoggedModelResponse { Model = model.ToWire() };
            }));

        Rpc.Map(routes, "GET", "/logged-models/{model_id}", Rpc.Handler(json.PathOnlyRequest, json.LoggedModelResponse,
            async (_, context, ct) =>
            {
                // As MLflow: any value but 'true' (any case) means false.
                var allowDeleted = string.Equals(context.Request.Query["allow_deleted"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
                return new LoggedModelResponse { Model = (await store.GetLoggedModelAsync(ModelId(context), allowDeleted, ct)).ToWire() };
            }));

        // MLflow finalizes the model named in the body's model_id (the client sends the same id in the path).
        Rpc.Map(routes, "PATCH", "/logged-models/{model_id}", Rpc.Handler(json.FinalizeLoggedModelRequest, json.LoggedModelResponse,
            async (r, _, ct) =>
            {
                var status = r.Status!.Value;
                if (status == WireLoggedModelStatus.LOGGED_MODEL_STATUS_UNSPECIFIED)
                    throw Require.Invalid("status", "LOGGED_MODEL_STATUS_UNSPECIFIED is not a status a model can be finalized with");
                var model = await store.FinalizeLoggedModelAsync(r.ModelId!, (LoggedModelStatus)(int)status, ct);
                return new LoggedModelResponse { Model = model.ToWire() };
            }));

        Rpc.Map(routes, "DELETE", "/logged-models/{model_id}", Rpc.Handler(json.PathOnlyRequest, json.EmptyResponse,
            async (_, context, ct) => { await store.DeleteLoggedModelAsync(ModelId(context), ct); return EmptyResponse.Instance; }));

        Rpc.Map(routes, "POST", "/logged-models/search", Rpc.Handler(json.SearchLoggedModelsRequest, json.SearchLoggedModelsResponse,
            async (r, _, ct) =>
            {
                var datasets = r.Datasets is { Count: > 0 }
                    ? r.Datasets.Select(d => new LoggedModelDatasetFilter(d.DatasetName!, NullIfEmpty(d.DatasetDigest))).ToList()
                    : null;
                var orderBy = r.OrderBy is { Count: > 0 }
                    ? r.OrderBy.Select(o => new LoggedModelOrderBy(o.FieldName!, o.Ascending ?? true, NullIfEmpty(o.DatasetName), NullIfEmpty(o.DatasetDigest))).ToList()
                    : null;
                // An unset max_results is the proto default, 50; MLflow's handler passes 0 on as "unset".
                var maxResults = r.MaxResults is null ? DefaultSearchMaxResults : r.MaxResults == 0 ? null : r.MaxResults;
                var page = await store.SearchLoggedModelsAsync(r.ExperimentIds!, NullIfEmpty(r.Filter), datasets, maxResults, orderBy, NullIfEmpty(r.PageToken), ct);
                return new SearchLoggedModelsResponse
                {
                    Models = page.Items.Count == 0 ? null : page.Items.Select(m => m.ToWire()).ToList(),
                    NextPageToken = page.NextPageToken,
                };
            }));

        Rpc.Map(routes, "PATCH", "/logged-models/{model_id}/tags", Rpc.Handler(json.SetLoggedModelTagsRequest, json.EmptyResponse,
            async (r, context, ct) =>
            {
                var tags = (r.Tags ?? []).Select(t => new LoggedModelTag(t.Key ?? "", t.Value ?? "")).ToList();
                await store.SetLoggedModelTagsAsync(ModelId(context), tags, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "DELETE", "/logged-models/{model_id}/tags/{tag_key}", Rpc.Handler(json.PathOnlyRequest, json.EmptyResponse,
            async (_, context, ct) =>
            {
                await store.DeleteLoggedModelTagAsync(ModelId(context), (string)context.Request.RouteValues["tag_key"]!, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "POST", "/logged-models/{model_id}/params", Rpc.Handler(json.LogLoggedModelParamsRequest, json.EmptyResponse,
            async (r, context, ct) =>
            {
                var @params = (r.Params ?? []).Select(p => new LoggedModelParameter(p.Key ?? "", p.Value ?? "")).ToList();
                await store.LogLoggedModelParamsAsync(ModelId(context), @params, ct);
                return EmptyResponse.Instance;
            }));

        Rpc.Map(routes, "GET", "/logged-models/{model_id}/artifacts/directories", Rpc.Handler(json.ListLoggedModelArtifactsRequest, json.ListArtifactsResponse,
            async (r, context, ct) =>
            {
                var relative = ArtifactPath.Validate(r.ArtifactDirectoryPath);
                var model = await store.GetLoggedModelAsync(ModelId(context), ct: ct);
                var (repository, root) = MlflowArtifactUri.Resolve(model.Info.ArtifactLocation, backends.ArtifactDestination);
                var entries = await repository.ListAsync(ArtifactListEndpoint.Join(root, relative), ct);
                var files = entries.Select(e => new WireFileInfo
                {
                    Path = ArtifactListEndpoint.Join(relative, ArtifactListEndpoint.LastSegment(e.Path)),
                    IsDir = e.IsDir,
                    FileSize = e.IsDir ? null : e.FileSize,
                }).ToList();
                return new ListArtifactsResponse { RootUri = model.Info.ArtifactLocation, Files = files.Count == 0 ? null : files };
            }));

        Rpc.Map(routes, "POST", "/runs/outputs", Rpc.Handler(json.LogOutputsRequest, json.EmptyResponse,
            async (r, _, ct) =>
            {
                var models = (r.Models ?? []).Select(m => new ModelOutput(m.ModelId!, m.Step ?? 0)).ToList();
                await store.LogOutputsAsync(r.RunId!, models, ct);
                return EmptyResponse.Instance;
            }));

        // The web UI's file download for a logged model (MLflow serves it under /ajax-api only).
        routes.MapMethods("/ajax-api/2.0/mlflow/logged-models/{model_id}/artifacts/files", ["GET"], context => DownloadAsync(context, backends));
    }

    private static async Task DownloadAsync(HttpContext context, GyreBackends backends)
    {
        var file = context.Request.Query["artifact_file_path"].ToString();
        if (string.IsNullOrEmpty(file))
            throw new GyreException(ErrorCode.BAD_REQUEST, "Request must include the \"artifact_file_path\" query parameter.");
        var relative = ArtifactPath.ValidateFile(file);
        var model = await backends.Tracking.GetLoggedModelAsync(ModelId(context), ct: context.RequestAborted);
        var (repository, root) = MlflowArtifactUri.Resolve(model.Info.ArtifactLocation, backends.ArtifactDestination);
        await using var content = await repository.OpenReadAsync(ArtifactListEndpoint.Join(root, relative), context.RequestAborted);
        var name = ArtifactListEndpoint.LastSegment(relative);
        context.Response.ContentType = ContentTypes.Guess(name);
        context.Response.Headers.ContentDisposition = $"attachment; filename={name}";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (content.CanSeek) context.Response.ContentLength = content.Length;
        await content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static string ModelId(HttpContext context) => (string)context.Request.RouteValues["model_id"]!;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
