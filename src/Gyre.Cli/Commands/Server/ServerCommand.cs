using System.CommandLine;
using Gyre.Artifacts;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Server;
using Gyre.Serving.Deployments;
using Gyre.Tracking;
using Gyre.Tracking.Stores;

namespace Gyre.Cli.Commands.Server;

/// <summary><c>gyre server</c>: the MLflow-compatible tracking server, with <c>mlflow server</c>'s own flags.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var defaults = new GyreServerOptions();
        var backend = new Option<string>("--backend-store-uri")
        {
            Description = "Metadata store: sqlite:///path/to.db or postgresql://user:pass@host:port/db.",
            DefaultValueFactory = _ => defaults.BackendStoreUri,
        };
        var artifactRoot = new Option<string?>("--default-artifact-root")
        {
            Description = "Artifact root of new experiments (default: mlflow-artifacts:/ when serving artifacts).",
        };
        var destination = new Option<string>("--artifacts-destination")
        {
            Description = "Where served artifacts are stored: a local folder or s3://bucket/prefix (MLFLOW_S3_ENDPOINT_URL, AWS_* from the environment).",
            DefaultValueFactory = _ => defaults.ArtifactsDestination,
        };
        var serve = new Option<bool>("--serve-artifacts") { Description = "Proxy artifact uploads and downloads (the default)." };
        var noServe = new Option<bool>("--no-serve-artifacts") { Description = "Do not proxy artifacts; clients access the artifact store directly." };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on (127.0.0.1, 0.0.0.0 or localhost).",
            DefaultValueFactory = _ => defaults.Host,
        };
        var port = new Option<int>("--port", "-p")
        {
            Description = "Port to listen on.",
            DefaultValueFactory = _ => defaults.Port,
        };

        var serveModels = new Option<bool>("--serve-models")
        {
            Description = "Also host deployments in this process: scoring routes, /api/gyre/deployments and /metrics (off by default).",
        };

        var command = new Command("server", "Run the MLflow-compatible tracking and model registry server.");
        var productionGates = new Option<string?>("--production-gates")
        {
            Description = "Gate suite YAML (with a holdout:) a model version must pass before it becomes Production or @champion (see docs/gates.md).",
        };
        foreach (var option in new Option[] { backend, artifactRoot, destination, serve, noServe, host, port, serveModels, productionGates })
            command.Options.Add(option);

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(serve) && parse.GetValue(noServe))
            {
                await Console.Error.WriteLineAsync("--serve-artifacts and --no-serve-artifacts cannot be given together.");
                return 2;
            }
            var options = new GyreServerOptions
            {
                BackendStoreUri = parse.GetValue(backend)!,
                DefaultArtifactRoot = parse.GetValue(artifactRoot),
                ArtifactsDestination = parse.GetValue(destination)!,
                ServeArtifacts = !parse.GetValue(noServe),
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ProductionGates = parse.GetValue(productionGates),
                ConsoleLogging = true,
            };
            SqlStore? deploymentStore = null;
            DeploymentHost? deployments = null;
            try
            {
                if (parse.GetValue(serveModels))
                {
                    // Its own connection to the same database: GyreServer keeps its stores to itself.
                    deploymentStore = await TrackingStoreFactory.OpenAsync(options.BackendStoreUri,
                        new TrackingStoreOptions { DefaultArtifactRoot = options.EffectiveDefaultArtifactRoot }, ct);
                    deployments = await DeploymentHost.StartAsync(new DeploymentHostOptions
                    {
                        Store = deploymentStore,
                        ModelSource = new ModelSource(ModelLoader.Default, deploymentStore, deploymentStore,
                            ArtifactRepositoryFactory.Create(options.ArtifactsDestination)),
                    }, ct);
                    foreach (var problem in deployments.LoadErrors) await Console.Error.WriteLineAsync($"gyre server: {problem}");
                }
                var host = deployments;
                await using var server = await GyreServer.StartAsync(options, host is null ? null : app => host.MapEndpoints(app, includeHealth: false), ct);
                Console.WriteLine($"Gyre tracking server listening at {server.BaseAddress}");
                if (deployments is not null)
                    Console.WriteLine($"  serving models: {deployments.Deployments.Count} deployment(s); API at {server.BaseAddress}api/gyre/deployments");
                Console.WriteLine($"  backend store: {options.BackendStoreUri}");
                Console.WriteLine(options.ServeArtifacts
                    ? $"  artifacts: served from {options.ArtifactsDestination}"
                    : "  artifacts: not served (--no-serve-artifacts)");
                Console.WriteLine("Press Ctrl+C to stop.");
                await server.RunUntilCancelledAsync(ct);
                return 0;
            }
            catch (GyreException e)
            {
                await Console.Error.WriteLineAsync($"gyre server: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"gyre server: cannot listen on {options.Host}:{options.Port}: {e.Message}");
                return 1;
            }
            finally
            {
                if (deployments is not null) await deployments.DisposeAsync();
                if (deploymentStore is not null) await deploymentStore.DisposeAsync();
            }
        });
        return command;
    }
}
