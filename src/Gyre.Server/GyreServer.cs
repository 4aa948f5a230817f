using System.Net;
using Gyre.Artifacts;
using Gyre.Server.Artifacts;
using Gyre.Server.Hosting;
using Gyre.Server.Protocol;
using Gyre.Server.Registry;
using Gyre.Server.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gyre.Server;

/// <summary>
/// A running Gyre server: MLflow's tracking and registry REST API, the artifact proxy and health endpoints on
/// Kestrel. Start one with <see cref="StartAsync"/>; it stops (and closes its stores) when disposed.
/// </summary>
public sealed class GyreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GyreBackends _backends;

    private GyreServer(WebApplication app, GyreBackends backends, Uri baseAddress)
    {
        _app = app;
        _backends = backends;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:5000/</c> (the real port when 0 was asked).</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Opens the stores (running schema migrations), the artifact destination, and starts listening.
    /// <paramref name="configure"/> lets other areas add their endpoints to the same host.
    /// </summary>
    public static async Task<GyreServer> StartAsync(GyreServerOptions options, Action<WebApplication>? configure = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (tracking, registry) = await BackendStores.OpenAsync(options.BackendStoreUri, options.EffectiveDefaultArtifactRoot, ct);
        var destination = options.ServeArtifacts ? ArtifactRepositoryFactory.Create(options.ArtifactsDestination) : null;
        var backends = new GyreBackends(tracking, registry, destination);
        try
        {
            var productionGate = options.ProductionGates is { } gates ? ProductionGate.Load(gates, options.ProductionGateAliases) : null;
            // The content root is the install folder and configuration files are not watched: by default the host
            // watches the working directory recursively, and a store kept under it (./gyre-data) then wakes that
            // watcher on every database write.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ContentRootPath = AppContext.BaseDirectory,
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
            });
            builder.Logging.ClearProviders();
            if (options.ConsoleLogging) builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                if (options.Host is "localhost") kestrel.ListenLocalhost(options.Port);
                else if (options.Host is "0.0.0.0" or "*") kestrel.ListenAnyIP(options.Port);
                else kestrel.Listen(ParseAddress(options.Host), options.Port);
            });
            builder.Services.AddRoutingCore();
            // 64 kB buffers: a large log-batch body is read in a few socket reads instead of one per 4 kB.
            builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();

            var app = builder.Build();
            app.UseMiddleware<MlflowErrorMiddleware>();
            app.UseRpcDispatch();
            app.UseRouting();
            HealthEndpoints.Map(app);
            ExperimentEndpoints.Map(app, backends);
            RunEndpoints.Map(app, backends);
            MetricEndpoints.Map(app, backends);
            ArtifactListEndpoint.Map(app, backends);
            LoggedModelEndpoints.Map(app, backends);
            RegisteredModelEndpoints.Map(app, backends, productionGate);
            ModelVersionEndpoints.Map(app, backends, productionGate);
            ArtifactProxyEndpoints.Map(app, backends);
            configure?.Invoke(app);

            // Start-up leaves the server's long-lived state (stores, routing, endpoints) in the youngest
            // generation, among its garbage (configuration, migrations). One full collection now, before
            // listening, moves that state out of the way and starts the allocation budget afresh; otherwise
            // the first collection under load copies it while requests wait (load bench: a gen0 pause of
            // 14.8 ms at the first burst of a fresh server, its CreateRun p95 then over 13 ms).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var uri = new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost") + "/");
            return new GyreServer(app, backends, uri);
        }
        catch
        {
            await BackendStores.CloseAsync(tracking, registry);
            throw;
        }
    }

    /// <summary>Serves until <paramref name="ct"/> is cancelled (Ctrl+C in the CLI), then stops gracefully.</summary>
    public async Task RunUntilCancelledAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await BackendStores.CloseAsync(_backends.Tracking, _backends.Registry);
    }

    private static IPAddress ParseAddress(string host) =>
        IPAddress.TryParse(host, out var address)
            ? address
            : throw Gyre.Core.Errors.GyreException.InvalidParameter($"--host '{host}' is not an IP address, 'localhost' or '0.0.0.0'.");
}
