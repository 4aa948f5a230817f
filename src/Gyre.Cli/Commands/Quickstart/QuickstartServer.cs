using Gyre.Artifacts;
using Gyre.Models.Abstractions;
using Gyre.Server;
using Gyre.Serving.Deployments;
using Gyre.Tracking;
using Gyre.Tracking.Stores;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// One process that does everything on one machine, as <c>gyre server --serve-models</c> composes it: the
/// tracking and registry server (SQLite + a local artifact folder under the data directory) with the
/// deployment host mapped into the same Kestrel listener (scoring routes, <c>/api/gyre/deployments</c>,
/// <c>/metrics</c>).
/// </summary>
internal sealed class QuickstartServer : IAsyncDisposable
{
    private readonly SqlStore _deploymentStore;
    private readonly DeploymentHost _deployments;
    private readonly GyreServer _server;

    private QuickstartServer(SqlStore deploymentStore, DeploymentHost deployments, GyreServer server, GyreServerOptions options)
    {
        _deploymentStore = deploymentStore;
        _deployments = deployments;
        _server = server;
        Options = options;
    }

    public GyreServerOptions Options { get; }

    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<QuickstartServer> StartAsync(string dataDirectory, int port, CancellationToken ct)
    {
        var options = new GyreServerOptions
        {
            BackendStoreUri = "sqlite:///" + Path.Combine(dataDirectory, "gyre.db"),
            ArtifactsDestination = Path.Combine(dataDirectory, "artifacts"),
            Port = port,
        };
        // The deployment host has its own connection to the same database: GyreServer keeps its stores to itself.
        var store = await TrackingStoreFactory.OpenAsync(options.BackendStoreUri,
            new TrackingStoreOptions { DefaultArtifactRoot = options.EffectiveDefaultArtifactRoot }, ct);
        DeploymentHost? deployments = null;
        try
        {
            deployments = await DeploymentHost.StartAsync(new DeploymentHostOptions
            {
                Store = store,
                ModelSource = new ModelSource(ModelLoader.Default, store, store, ArtifactRepositoryFactory.Create(options.ArtifactsDestination),
                    Path.Combine(dataDirectory, "model-cache")),
            }, ct);
            var host = deployments;
            var server = await GyreServer.StartAsync(options, app => host.MapEndpoints(app, includeHealth: false), ct);
            return new QuickstartServer(store, deployments, server, options);
        }
        catch
        {
            if (deployments is not null) await deployments.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }
    }

    public Task RunUntilCancelledAsync(CancellationToken ct) => _server.RunUntilCancelledAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _deployments.DisposeAsync();
        await _deploymentStore.DisposeAsync();
    }
}
