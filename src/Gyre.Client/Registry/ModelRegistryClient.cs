using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Gyre.Client.Http;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client.Registry;

/// <summary>MLflow's model registry over REST: registered models, versions, stages, tags, aliases and <c>models:/</c> URIs.</summary>
public sealed class ModelRegistryClient
{
    private const string Api = "api/2.0/mlflow/";
    private static readonly string[] StageNames = ["None", "Staging", "Production", "Archived"];
    private readonly MlflowHttp _http;

    internal ModelRegistryClient(MlflowHttp http) => _http = http;

    public async Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        var response = await SendAsync(HttpMethod.Post, "registered-models/create", new CreateRegisteredModelRequest(name, ToTags(tags), description),
            MlflowJsonContext.Default.CreateRegisteredModelRequest, MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        var response = await _http.GetAsync(Api + "registered-models/get", [Q("name", name)], MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        Require(newName, "New model name");
        var response = await SendAsync(HttpMethod.Post, "registered-models/rename", new RenameRegisteredModelRequest(name, newName),
            MlflowJsonContext.Default.RenameRegisteredModelRequest, MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    public async Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Patch, "registered-models/update", new UpdateRegisteredModelRequest(name, description),
            MlflowJsonContext.Default.UpdateRegisteredModelRequest, MlflowJsonContext.Default.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/delete", new NameRequest(name), MlflowJsonContext.Default.NameRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>One page of registered models matching <paramref name="filter"/> (e.g. <c>name LIKE 'churn%'</c>).</summary>
    public async Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null, int maxResults = 100,
        string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string?>> { Q("filter", filter), Q("max_results", maxResults.ToString(CultureInfo.InvariantCulture)), Q("page_token", pageToken) };
        foreach (var order in orderBy ?? []) query.Add(Q("order_by", order));
        var response = await _http.GetAsync(Api + "registered-models/search", query, MlflowJsonContext.Default.SearchRegisteredModelsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<RegisteredModel>(response.RegisteredModels ?? [], NullIfEmpty(response.NextPageToken));
    }

    public async IAsyncEnumerable<RegisteredModel> SearchAllRegisteredModelsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchRegisteredModelsAsync(filter, orderBy, 100, token, cancellationToken).ConfigureAwait(false);
            foreach (var model in page.Items) yield return model;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>The latest version in each of <paramref name="stages"/> (null: every stage).</summary>
    public async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages = null, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        var response = await SendAsync(HttpMethod.Post, "registered-models/get-latest-versions", new GetLatestVersionsRequest(name, stages?.Select(NormalizeStage).ToList()),
            MlflowJsonContext.Default.GetLatestVersionsRequest, MlflowJsonContext.Default.ModelVersionsResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersions ?? [];
    }

    /// <summary>Registers a new version of <paramref name="name"/> from <paramref name="source"/> (e.g. <c>runs:/&lt;run&gt;/model</c> or the run's artifact URI).</summary>
    /// <summary>
    /// Registers a version. <paramref name="modelId"/> names the MLflow 3 logged model it comes from (source
    /// <c>models:/&lt;model_id&gt;</c>, as <c>mlflow.register_model</c> sends it).
    /// </summary>
    public async Task<ModelVersion> CreateModelVersionAsync(string name, string source, string? runId = null, string? description = null,
        IReadOnlyDictionary<string, string>? tags = null, string? runLink = null, string? modelId = null, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        Require(source, "Model version source");
        var response = await SendAsync(HttpMethod.Post, "model-versions/create", new CreateModelVersionRequest(name, source, runId, ToTags(tags), runLink, description, modelId),
            MlflowJsonContext.Default.CreateModelVersionRequest, MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    public async Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        Require(version, "Model version");
        var response = await _http.GetAsync(Api + "model-versions/get", [Q("name", name), Q("version", version)], MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    public async Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Patch, "model-versions/update", new UpdateModelVersionRequest(name, version, description),
            MlflowJsonContext.Default.UpdateModelVersionRequest, MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>Moves a version to a stage (None, Staging, Production, Archived; any casing), optionally archiving the
    /// versions currently in that stage.</summary>
    public async Task<ModelVersion> TransitionModelVersionStageAsync(string name, string version, string stage, bool archiveExistingVersions = false, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Post, "model-versions/transition-stage", new TransitionStageRequest(name, version, NormalizeStage(stage), archiveExistingVersions),
            MlflowJsonContext.Default.TransitionStageRequest, MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "model-versions/delete", new NameVersionRequest(name, version), MlflowJsonContext.Default.NameVersionRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>One page of model versions matching <paramref name="filter"/> (e.g. <c>name = 'churn'</c>).</summary>
    public async Task<Page<ModelVersion>> SearchModelVersionsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null, int maxResults = 1000,
        string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string?>> { Q("filter", filter), Q("max_results", maxResults.ToString(CultureInfo.InvariantCulture)), Q("page_token", pageToken) };
        foreach (var order in orderBy ?? []) query.Add(Q("order_by", order));
        var response = await _http.GetAsync(Api + "model-versions/search", query, MlflowJsonContext.Default.SearchModelVersionsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<ModelVersion>(response.ModelVersions ?? [], NullIfEmpty(response.NextPageToken));
    }

    public async IAsyncEnumerable<ModelVersion> SearchAllModelVersionsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchModelVersionsAsync(filter, orderBy, 1000, token, cancellationToken).ConfigureAwait(false);
            foreach (var version in page.Items) yield return version;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>Where a version's artifacts can be downloaded from.</summary>
    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        var response = await _http.GetAsync(Api + "model-versions/get-download-uri", [Q("name", name), Q("version", version)], MlflowJsonContext.Default.DownloadUriResponse, cancellationToken).ConfigureAwait(false);
        return response.ArtifactUri;
    }

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "registered-models/set-tag", new SetRegisteredModelTagRequest(name, key, value), MlflowJsonContext.Default.SetRegisteredModelTagRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/delete-tag", new DeleteRegisteredModelTagRequest(name, key), MlflowJsonContext.Default.DeleteRegisteredModelTagRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "model-versions/set-tag", new SetModelVersionTagRequest(name, version, key, value), MlflowJsonContext.Default.SetModelVersionTagRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "model-versions/delete-tag", new DeleteModelVersionTagRequest(name, version, key), MlflowJsonContext.Default.DeleteModelVersionTagRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Points <paramref name="alias"/> (e.g. "champion") at a version, moving it if it pointed elsewhere.</summary>
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        Require(alias, "Alias");
        return SendAsync(HttpMethod.Post, "registered-models/alias", new SetAliasRequest(name, alias, version), MlflowJsonContext.Default.SetAliasRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);
    }

    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "registered-models/alias", new DeleteAliasRequest(name, alias), MlflowJsonContext.Default.DeleteAliasRequest, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    public async Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        Require(name, "Model name");
        Require(alias, "Alias");
        var response = await _http.GetAsync(Api + "registered-models/alias", [Q("name", name), Q("alias", alias)], MlflowJsonContext.Default.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>The model version a <c>models:/</c> URI names (by version, stage, alias or latest).</summary>
    public async Task<ModelVersion> ResolveAsync(string modelsUri, CancellationToken cancellationToken = default)
    {
        var uri = ModelUri.Parse(modelsUri);
        if (uri.Version is not null) return await GetModelVersionAsync(uri.Name, uri.Version, cancellationToken).ConfigureAwait(false);
        if (uri.Alias is not null) return await GetModelVersionByAliasAsync(uri.Name, uri.Alias, cancellationToken).ConfigureAwait(false);

        var versions = await GetLatestVersionsAsync(uri.Name, uri.Stage is null ? null : [uri.Stage], cancellationToken).ConfigureAwait(false);
        var latest = versions.MaxBy(v => long.TryParse(v.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
        return latest ?? throw GyreException.NotFound(uri.Stage is null
            ? $"Registered model '{uri.Name}' has no versions ({modelsUri})."
            : $"Registered model '{uri.Name}' has no version in stage '{uri.Stage}' ({modelsUri}).");
    }

    /// <summary>The artifact URI of the version a <c>models:/</c> URI names, with any sub-path appended.</summary>
    public async Task<string> ResolveDownloadUriAsync(string modelsUri, CancellationToken cancellationToken = default)
    {
        // MLflow 3: models:/<model_id> names a logged model; its files are at its artifact location.
        if (LoggedModelId(modelsUri) is { } modelId)
            return (await LoggedModelLocationAsync(modelId, cancellationToken).ConfigureAwait(false));
        var uri = ModelUri.Parse(modelsUri);
        var version = await ResolveAsync(modelsUri, cancellationToken).ConfigureAwait(false);
        var root = await GetModelVersionDownloadUriAsync(version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        // A version registered from a logged model whose server answers with the source itself.
        if (LoggedModelId(root) is { } sourceModelId) root = await LoggedModelLocationAsync(sourceModelId, cancellationToken).ConfigureAwait(false);
        return uri.SubPath is null ? root : root.TrimEnd('/') + "/" + uri.SubPath;
    }

    /// <summary>The logged model id of a <c>models:/&lt;model_id&gt;</c> URI (a path with neither '/' nor '@'); null otherwise.</summary>
    public static string? LoggedModelId(string? uri)
    {
        if (uri is null || !uri.StartsWith("models:/", StringComparison.Ordinal)) return null;
        var path = uri["models:/".Length..].Trim('/');
        return path.Length == 0 || path.Contains('/') || path.Contains('@') ? null : path;
    }

    private async Task<string> LoggedModelLocationAsync(string modelId, CancellationToken cancellationToken)
    {
        var response = await _http.GetAsync(Api + "logged-models/" + Uri.EscapeDataString(modelId), [], MlflowJsonContext.Default.LoggedModelResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.Model.Info.ArtifactUri
            ?? throw new GyreException(ErrorCode.INVALID_STATE, $"Logged model {modelId} has no artifact location.");
    }

    /// <summary>MLflow's canonical stage spelling ("production" → "Production"); other names are rejected.</summary>
    public static string NormalizeStage(string stage)
    {
        foreach (var known in StageNames)
        {
            if (string.Equals(known, stage, StringComparison.OrdinalIgnoreCase)) return known;
        }
        throw GyreException.InvalidParameter($"Invalid model version stage '{stage}'; expected one of {string.Join(", ", StageNames)}.");
    }

    private Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        _http.SendJsonAsync(method, Api + path, body, requestType, responseType, cancellationToken);

    private static KeyValuePair<string, string?> Q(string key, string? value) => new(key, value);

    private static List<Tag>? ToTags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.Count == 0 ? null : tags.Select(t => new Tag(t.Key, t.Value)).ToList();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void Require(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value)) throw GyreException.InvalidParameter($"{name} must not be empty.");
    }
}
