using System.Net;
using Gyre.Serving.Deployments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gyre.Serving.Hosting;

/// <summary>A Kestrel server for a <see cref="DeploymentHost"/>: what <c>gyre serve</c> runs.</summary>
public sealed class ScoringServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeploymentHost? _ownedHost;

    private ScoringServer(WebApplication app, Uri address, DeploymentHost host, bool ownsHost)
    {
        _app = app;
        Address = address;
        Host = host;
        _ownedHost = ownsHost ? host : null;
    }

    /// <summary>The base address the server listens on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public DeploymentHost Host { get; }

    public ServingMetrics Metrics => Host.Metrics;

    /// <summary>Serves one loaded model as a deployment named after it (policy single, kept in memory).</summary>
    public static async Task<ScoringServer> StartAsync(ServedModel model, ScoringServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScoringServerOptions();
        var host = await DeploymentHost.StartAsync(new DeploymentHostOptions { MaxBatchRows = options.MaxBatchRows }, cancellationToken).ConfigureAwait(false);
        try
        {
            host.AddEphemeral(model.Name, model, model.Name);
            return await StartAsync(host, options, ownsHost: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Serves <paramref name="host"/>'s deployments; the host is disposed with the server when <paramref name="ownsHost"/>.</summary>
    public static async Task<ScoringServer> StartAsync(DeploymentHost host, ScoringServerOptions? options = null, bool ownsHost = false,
        CancellationToken cancellationToken = default)
    {
        options ??= new ScoringServerOptions();
        var registry = host.Metrics.Registry;
        var openConnections = registry.Gauge("gyre_open_connections", "HTTP connections open to this server.").WithLabels();

        // The content root is the install folder and configuration files are not watched: by default the host
        // watches the working directory recursively, and a store kept under it (./gyre-data) then wakes that
        // watcher on every database write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        if (options.InlineIo)
        {
            EnableInlineSocketCompletions();
            builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(ParseHost(options.Host), options.Port, listen => listen.Use(next => async connection =>
            {
                openConnections.Inc();
                try
                {
                    await next(connection).ConfigureAwait(false);
                }
                finally
                {
                    openConnections.Dec();
                }
            }));
        });
        var app = builder.Build();
        host.MapEndpoints(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScoringServer(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), host, ownsHost);
    }

    /// <summary>
    /// Asks the runtime to run socket completions on its I/O threads. It reads this once, when the first socket
    /// is created, so call it before anything in the process opens one.
    /// </summary>
    public static void EnableInlineSocketCompletions()
    {
        const string variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(variable) is null) Environment.SetEnvironmentVariable(variable, "1");
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_ownedHost is not null) await _ownedHost.DisposeAsync().ConfigureAwait(false);
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.TryParse(host, out var address) ? address
            : throw Core.Errors.GyreException.InvalidParameter($"--host '{host}' is not an IP address (use 127.0.0.1, 0.0.0.0 or localhost)."),
    };
}
