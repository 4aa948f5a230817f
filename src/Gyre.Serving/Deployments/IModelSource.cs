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
}

/// <summary>A loaded model, the version label it is reported under, and where its files came from.</summary>
public sealed record LoadedModel(IModel Model, string Version, string Location);
