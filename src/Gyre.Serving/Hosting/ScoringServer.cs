using System.Net;
using Gyre.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gyre.Serving.Hosting;

/// <summary>A Kestrel server scoring one model: what <c>gyre serve --model</c> runs.</summary>
public sealed class ScoringServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScoringServer(WebApplication app, Uri address, ServingMetrics metrics)
    {
        _app = app;
        Address = address;
        Metrics = metrics;
    }

    /// <summary>The base address the server listens on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public ServingMetrics Metrics { get; }

    public static async Task<ScoringServer> StartAsync(ServedModel model, ScoringServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScoringServerOptions();
        var registry = new MetricRegistry();
        ProcessMetrics.Register(registry);
        var metrics = new ServingMetrics(registry);
        metrics.RecordModel(model.Name, model.Version, model.Model.Format);
        var openConnections = registry.Gauge("gyre_open_connections", "HTTP connections open to this server.").WithLabels();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
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
        new ScoringEndpoints(model, metrics, options).Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScoringServer(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)), metrics);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.TryParse(host, out var address) ? address
            : throw Core.Errors.GyreException.InvalidParameter($"--host '{host}' is not an IP address (use 127.0.0.1, 0.0.0.0 or localhost)."),
    };
}
