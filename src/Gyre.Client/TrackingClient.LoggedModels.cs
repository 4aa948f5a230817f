using System.Runtime.CompilerServices;
using Gyre.Artifacts;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client;

public sealed partial class TrackingClient
{
    /// <summary>
    /// Creates an MLflow 3 logged model (status PENDING) in an experiment; upload its files with
    /// <see cref="LogLoggedModelArtifactsAsync"/>, then <see cref="FinalizeLoggedModelAsync"/> it.
    /// </summary>
    public async Task<LoggedModel> CreateLoggedModelAsync(string experimentId, string? name = null, string? modelType = null, string? sourceRunId = null,
        IReadOnlyDictionary<string, string>? @params = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        Require(experimentId, "Experiment id");
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "logged-models",
            new CreateLoggedModelRequest(experimentId, name, modelType, sourceRunId, ToParams(@params), ToTags(tags)),
            MlflowJsonContext.Default.CreateLoggedModelRequest, MlflowJsonContext.Default.LoggedModelResponse, cancellationToken).ConfigureAwait(false);
        return response.Model;
    }

    /// <summary>A logged model; RESOURCE_DOES_NOT_EXIST when unknown (or deleted, unless <paramref name="allowDeleted"/>).</summary>
    public async Task<LoggedModel> GetLoggedModelAsync(string modelId, bool allowDeleted = false, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        var response = await _http.GetAsync(ModelPath(modelId), allowDeleted ? [Q("allow_deleted", "true")] : [],
            MlflowJsonContext.Default.LoggedModelResponse, cancellationToken).ConfigureAwait(false);
        return response.Model;
    }

    /// <summary>Marks a logged model READY (its files are uploaded) or UPLOAD_FAILED.</summary>
    public async Task<LoggedModel> FinalizeLoggedModelAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        var response = await _http.SendJsonAsync(HttpMethod.Patch, ModelPath(modelId), new FinalizeLoggedModelRequest(modelId, status),
            MlflowJsonContext.Default.FinalizeLoggedModelRequest, MlflowJsonContext.Default.LoggedModelResponse, cancellationToken).ConfigureAwait(false);
        return response.Model;
    }

    public async Task DeleteLoggedModelAsync(string modelId, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        await _http.SendJsonAsync(HttpMethod.Delete, ModelPath(modelId), new ModelIdRequest(modelId),
            MlflowJsonContext.Default.ModelIdRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets (overwrites) tags on a logged model.</summary>
    public async Task SetLoggedModelTagsAsync(string modelId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        await _http.SendJsonAsync(HttpMethod.Patch, ModelPath(modelId) + "/tags", new SetLoggedModelTagsRequest(modelId, ToTags(tags) ?? []),
            MlflowJsonContext.Default.SetLoggedModelTagsRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteLoggedModelTagAsync(string modelId, string key, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        Require(key, "Tag key");
        await _http.SendJsonAsync(HttpMethod.Delete, ModelPath(modelId) + "/tags/" + Uri.EscapeDataString(key), new ModelIdRequest(modelId),
            MlflowJsonContext.Default.ModelIdRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs params on a logged model (immutable: changing a value is INVALID_PARAMETER_VALUE).</summary>
    public async Task LogLoggedModelParamsAsync(string modelId, IReadOnlyDictionary<string, string> @params, CancellationToken cancellationToken = default)
    {
        Require(modelId, "Model id");
        await _http.SendJsonAsync(HttpMethod.Post, ModelPath(modelId) + "/params", new LogLoggedModelParamsRequest(modelId, ToParams(@params) ?? []),
            MlflowJsonContext.Default.LogLoggedModelParamsRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of logged models in the experiments matching <paramref name="filter"/> (e.g. <c>metrics.acc &gt; 0.9 AND
    /// params.depth = '5'</c>); metric filters consider only metrics on <paramref name="datasets"/> when given.
    /// </summary>
    public async Task<Page<LoggedModel>> SearchLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null,
        IReadOnlyList<LoggedModelDataset>? datasets = null, IReadOnlyList<LoggedModelOrder>? orderBy = null, int? maxResults = null,
        string? pageToken = null, CancellationToken cancellationToken = default)
    {
        if (experimentIds is null || experimentIds.Count == 0) throw GyreException.InvalidParameter("Search needs at least one experiment id.");
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "logged-models/search",
            new SearchLoggedModelsRequest(experimentIds, filter, datasets, maxResults, orderBy, pageToken),
            MlflowJsonContext.Default.SearchLoggedModelsRequest, MlflowJsonContext.Default.SearchLoggedModelsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<LoggedModel>(response.Models ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every logged model matching the search, following page tokens.</summary>
    public async IAsyncEnumerable<LoggedModel> SearchAllLoggedModelsAsync(IReadOnlyList<string> experimentIds, string? filter = null,
        IReadOnlyList<LoggedModelDataset>? datasets = null, IReadOnlyList<LoggedModelOrder>? orderBy = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchLoggedModelsAsync(experimentIds, filter, datasets, orderBy, null, token, cancellationToken).ConfigureAwait(false);
            foreach (var model in page.Items) yield return model;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>Links logged models to the run that produced them (MLflow's LogOutputs).</summary>
    public async Task LogOutputsAsync(string runId, IReadOnlyList<ModelOutput> models, CancellationToken cancellationToken = default)
    {
        Require(runId, "Run id");
        await _http.SendJsonAsync(HttpMethod.Post, Api + "runs/outputs", new LogOutputsRequest(runId, models ?? []),
            MlflowJsonContext.Default.LogOutputsRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The artifact store of a logged model (its artifact location, through the proxy for <c>mlflow-artifacts:</c>).</summary>
    public async Task<IArtifactRepository> GetLoggedModelArtifactsAsync(string modelId, CancellationToken cancellationToken = default)
    {
        var model = await GetLoggedModelAsync(modelId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return OpenArtifactRoot(model.Info.ArtifactUri ?? throw new GyreException(ErrorCode.INVALID_STATE, $"Logged model {modelId} has no artifact location."));
    }

    /// <summary>Uploads a local file, or a folder recursively (e.g. an MLflow model directory), into a logged model's artifacts.</summary>
    public async Task LogLoggedModelArtifactsAsync(string modelId, string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        var repository = await GetLoggedModelArtifactsAsync(modelId, cancellationToken).ConfigureAwait(false);
        await UploadAsync(repository, localPath, artifactPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads a logged model's files (null: everything) into <paramref name="destination"/>; returns the local path.</summary>
    public async Task<string> DownloadLoggedModelArtifactsAsync(string modelId, string? artifactPath, string destination, CancellationToken cancellationToken = default)
    {
        var repository = await GetLoggedModelArtifactsAsync(modelId, cancellationToken).ConfigureAwait(false);
        return await DownloadAsync(repository, artifactPath, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What MLflow 3's <c>log_model</c> does: creates a logged model (sourced from <paramref name="runId"/> when given),
    /// uploads the model directory, finalizes it READY (UPLOAD_FAILED if the upload fails) and records it as the run's output.
    /// </summary>
    public async Task<LoggedModel> LogModelAsync(string experimentId, string modelDirectory, string? name = null, string? runId = null,
        string? modelType = null, IReadOnlyDictionary<string, string>? @params = null, IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(modelDirectory)) throw GyreException.NotFound($"Model directory '{modelDirectory}' does not exist.");
        var model = await CreateLoggedModelAsync(experimentId, name, modelType, runId, @params, tags, cancellationToken).ConfigureAwait(false);
        try
        {
            await LogLoggedModelArtifactsAsync(model.Info.ModelId, modelDirectory, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await FinalizeLoggedModelAsync(model.Info.ModelId, LoggedModelStatus.UploadFailed, cancellationToken).ConfigureAwait(false);
            throw;
        }
        var ready = await FinalizeLoggedModelAsync(model.Info.ModelId, LoggedModelStatus.Ready, cancellationToken).ConfigureAwait(false);
        if (runId is not null) await LogOutputsAsync(runId, [new ModelOutput(ready.Info.ModelId, 0)], cancellationToken).ConfigureAwait(false);
        return ready;
    }

    private static string ModelPath(string modelId) => Api + "logged-models/" + Uri.EscapeDataString(modelId);

    private static List<Param>? ToParams(IReadOnlyDictionary<string, string>? @params) =>
        @params is null || @params.Count == 0 ? null : @params.Select(p => new Param(p.Key, p.Value)).ToList();
}
