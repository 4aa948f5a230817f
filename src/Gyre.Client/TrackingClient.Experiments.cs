using System.Globalization;
using System.Runtime.CompilerServices;
using Gyre.Client.Protocol;
using Gyre.Core.Errors;

namespace Gyre.Client;

public sealed partial class TrackingClient
{
    /// <summary>Creates an experiment and returns its id; RESOURCE_ALREADY_EXISTS if the name is taken.</summary>
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        Require(name, "Experiment name");
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "experiments/create",
            new CreateExperimentRequest(name, artifactLocation, ToTags(tags)), MlflowJsonContext.Default.CreateExperimentRequest,
            MlflowJsonContext.Default.CreateExperimentResponse, cancellationToken).ConfigureAwait(false);
        return response.ExperimentId;
    }

    public async Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        Require(experimentId, "Experiment id");
        var response = await _http.GetAsync(Api + "experiments/get", [Q("experiment_id", experimentId)],
            MlflowJsonContext.Default.ExperimentResponse, cancellationToken).ConfigureAwait(false);
        return response.Experiment;
    }

    /// <summary>The experiment with this name, or null when there is none.</summary>
    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        Require(name, "Experiment name");
        try
        {
            var response = await _http.GetAsync(Api + "experiments/get-by-name", [Q("experiment_name", name)],
                MlflowJsonContext.Default.ExperimentResponse, cancellationToken).ConfigureAwait(false);
            return response.Experiment;
        }
        catch (TrackingServerException ex) when (ex.Code == ErrorCode.RESOURCE_DOES_NOT_EXIST)
        {
            return null;
        }
    }

    /// <summary>One page of experiments matching <paramref name="filter"/> (MLflow's search syntax).</summary>
    public async Task<Page<Experiment>> SearchExperimentsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null, ViewType viewType = ViewType.ActiveOnly,
        int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var response = await _http.SendJsonAsync(HttpMethod.Post, Api + "experiments/search",
            new SearchExperimentsRequest(maxResults, pageToken, filter, orderBy, viewType), MlflowJsonContext.Default.SearchExperimentsRequest,
            MlflowJsonContext.Default.SearchExperimentsResponse, cancellationToken).ConfigureAwait(false);
        return new Page<Experiment>(response.Experiments ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every experiment matching <paramref name="filter"/>, following page tokens.</summary>
    public async IAsyncEnumerable<Experiment> SearchAllExperimentsAsync(string? filter = null, IReadOnlyList<string>? orderBy = null, ViewType viewType = ViewType.ActiveOnly,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchExperimentsAsync(filter, orderBy, viewType, 1000, token, cancellationToken).ConfigureAwait(false);
            foreach (var experiment in page.Items) yield return experiment;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/delete", new ExperimentIdRequest(experimentId), MlflowJsonContext.Default.ExperimentIdRequest, cancellationToken);

    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/restore", new ExperimentIdRequest(experimentId), MlflowJsonContext.Default.ExperimentIdRequest, cancellationToken);

    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        Require(newName, "New experiment name");
        return PostAsync("experiments/update", new UpdateExperimentRequest(experimentId, newName), MlflowJsonContext.Default.UpdateExperimentRequest, cancellationToken);
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/set-experiment-tag", new SetExperimentTagRequest(experimentId, key, value), MlflowJsonContext.Default.SetExperimentTagRequest, cancellationToken);

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/delete-experiment-tag", new DeleteExperimentTagRequest(experimentId, key), MlflowJsonContext.Default.DeleteExperimentTagRequest, cancellationToken);

    /// <summary>The id of the experiment named <paramref name="name"/>, creating it if it does not exist.</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var existing = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.LifecycleStage == "deleted")
                throw GyreException.InvalidState($"Experiment '{name}' (id {existing.ExperimentId}) is deleted; restore it or pick another name.");
            return existing.ExperimentId;
        }
        try
        {
            return await CreateExperimentAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TrackingServerException ex) when (ex.Code == ErrorCode.RESOURCE_ALREADY_EXISTS)
        {
            // Someone created it between our lookup and our create.
            var created = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (created is null) throw;
            return created.ExperimentId;
        }
    }

    private Task PostAsync<TRequest>(string path, TRequest body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> type, CancellationToken cancellationToken) =>
        _http.SendJsonAsync(HttpMethod.Post, Api + path, body, type, MlflowJsonContext.Default.EmptyResponse, cancellationToken);

    private static List<Tag>? ToTags(IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.Count == 0 ? null : tags.Select(t => new Tag(t.Key, t.Value)).ToList();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

}
