using Gyre.Artifacts;
using Gyre.Tracking.Stores;

namespace Gyre.Server.Hosting;

/// <summary>What the API endpoints work on: the stores and, when serving artifacts, the artifact destination.</summary>
public sealed class GyreBackends(ITrackingStore tracking, IModelRegistryStore registry, IArtifactRepository? artifactDestination)
{
    public ITrackingStore Tracking { get; } = tracking;
    public IModelRegistryStore Registry { get; } = registry;

    /// <summary>Where <c>mlflow-artifacts:/</c> URIs resolve; null when the server runs with --no-serve-artifacts.</summary>
    public IArtifactRepository? ArtifactDestination { get; } = artifactDestination;
}
