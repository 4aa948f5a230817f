using Gyre.Tracking;
using Gyre.Tracking.Stores;

namespace Gyre.Server.Hosting;

/// <summary>Opens the tracking and registry store a backend store URI names; its schema migrations run here.</summary>
public static class BackendStores
{
    /// <summary>One SQL store serves both the tracking and the registry API (as MLflow's SQLAlchemy stores share one database).</summary>
    public static async Task<(ITrackingStore Tracking, IModelRegistryStore Registry)> OpenAsync(string backendStoreUri, string defaultArtifactRoot, CancellationToken ct)
    {
        var store = await TrackingStoreFactory.OpenAsync(backendStoreUri, new TrackingStoreOptions { DefaultArtifactRoot = defaultArtifactRoot }, ct);
        return (store, store);
    }

    /// <summary>Closes both stores, once each even when they are the same object.</summary>
    public static async ValueTask CloseAsync(ITrackingStore tracking, IModelRegistryStore registry)
    {
        await tracking.DisposeAsync();
        if (!ReferenceEquals(tracking, registry)) await registry.DisposeAsync();
    }
}
