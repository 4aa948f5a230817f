using Gyre.Models.Abstractions;

namespace Gyre.Serving.Deployments;

/// <summary>Loads the model a variant names (a path or a <c>models:/</c> URI) fully, ready to score.</summary>
public interface IModelSource
{
    /// <summary>
    /// Loads <paramref name="modelUri"/>; throws a GyreException naming the URI when it cannot be resolved
    /// (RESOURCE_DOES_NOT_EXIST for a missing model or version, INVALID_PARAMETER_VALUE for a bad URI).
    /// </summary>
    Task<LoadedModel> LoadAsync(string modelUri, CancellationToken ct);

    /// <summary>
    /// A local path holding the file or folder at <paramref name="artifactUri"/> (e.g. a deployment's reference data).
    /// This default takes paths and <c>file:</c> URIs only; <see cref="Deployments.ModelSource"/> also fetches
    /// <c>runs:/</c>, <c>s3://</c> and <c>mlflow-artifacts:</c> URIs.
    /// </summary>
    Task<string> FetchAsync(string artifactUri, CancellationToken ct) =>
        artifactUri.Contains(":/", StringComparison.Ordinal) && !artifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? throw Core.Errors.GyreException.InvalidParameter($"'{artifactUri}' is not a local path, and this model source fetches no remote artifacts.")
            : Task.FromResult(artifactUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? new Uri(artifactUri).LocalPath : artifactUri);
}

/// <summary>A loaded model, the version label it is reported under, and where its files came from.</summary>
public sealed record LoadedModel(IModel Model, string Version, string Location);
