using System.CommandLine;
using Gyre.Artifacts;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Serving.Deployments;
using Gyre.Serving.Hosting;
using Gyre.Tracking;
using Gyre.Tracking.Stores;

namespace Gyre.Cli.Commands;

/// <summary>
/// <c>gyre serve</c>: hosts deployments over MLflow's and the Open Inference protocols. With
/// <c>--model</c> it serves that one model as an ad-hoc deployment (kept in memory, the fast path); with a
/// backend store (given, or the default when there is no <c>--model</c>) it also loads the persisted
/// deployments and takes API changes.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The backend store <c>gyre server</c> uses by default, so both find the same deployments.</summary>
    public const string DefaultBackendStoreUri = "sqlite:///./gyre-data/gyre.db";

    public static void AddTo(RootCommand root)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model to serve ad hoc: an ONNX file, an XGBoost JSON/UBJSON file, an MLflow model directory, or models:/name/version." };
        var name = new Option<string?>("--name") { Description = "Endpoint (deployment) name of --model (default: the model file's name)." };
        var version = new Option<string>("--model-version") { Description = "Version label of a --model path, reported in metrics and responses.", DefaultValueFactory = _ => "1" };
        var backend = new Option<string?>("--backend-store-uri") { Description = $"Tracking store with the persisted deployments and the model registry (default without --model: {DefaultBackendStoreUri})." };
        var artifacts = new Option<string>("--artifacts-destination") { Description = "Where mlflow-artifacts:/ model sources live (as gyre server's flag).", DefaultValueFactory = _ => "./gyre-data/artifacts" };
        var defaultDeployment = new Option<string?>("--default") { Description = "Deployment that /invocations serves when there are several." };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 for any free port).", DefaultValueFactory = _ => 5001 };
        var maxRows = new Option<int>("--max-batch-rows") { Description = "Largest batch a request may send.", DefaultValueFactory = _ => 100_000 };
        var inlineIo = new Option<bool>("--inline-io")
        {
            Description = "Score on the socket I/O threads instead of handing requests to the thread pool (lower tail latency; 'false' to turn off).",
            DefaultValueFactory = _ => true,
        };
        var serving = ServingFlags.Create();

        var command = new Command("serve", "Serve models and deployments over HTTP: MLflow /invocations, Open Inference Protocol v2, the deployments API, Prometheus /metrics.")
        {
            model, name, version, backend, artifacts, defaultDeployment, host, port, maxRows, inlineIo,
        };
        serving.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Before any socket opens (a PostgreSQL store, S3 or a remote registry would open one).
            if (parse.GetValue(inlineIo)) ScoringServer.EnableInlineSocketCompletions();
            var modelUri = parse.GetValue(model);
            var backendUri = parse.GetValue(backend)
                ?? (modelUri is null || modelUri.StartsWith("models:/", StringComparison.Ordinal) ? DefaultBackendStoreUri : null);
            SqlStore? store = null;
            DeploymentHost? deployments = null;
            try
            {
                if (backendUri is not null) store = await TrackingStoreFactory.OpenAsync(backendUri, ct: cancellationToken);
                var source = new ModelSource(ModelLoader.Default, store, store, store is null ? null : ArtifactRepositoryFactory.Create(parse.GetValue(artifacts)!));
                deployments = await DeploymentHost.StartAsync(new DeploymentHostOptions
                {
                    Store = store,
                    ModelSource = source,
                    MaxBatchRows = parse.GetValue(maxRows),
                    // An ad-hoc --model is what /invocations serves unless told otherwise.
                    DefaultDeployment = parse.GetValue(defaultDeployment) ?? (modelUri is null ? null : parse.GetValue(name) ?? DefaultName(modelUri)),
                }, cancellationToken);
                foreach (var problem in deployments.LoadErrors) Console.Error.WriteLine($"gyre serve: {problem}");

                string? endpoint = null;
                if (modelUri is not null)
                {
                    var (batching, cache) = serving.Read(parse);
                    endpoint = parse.GetValue(name) ?? DefaultName(modelUri);
                    if (modelUri.StartsWith("models:/", StringComparison.Ordinal))
                    {
                        var loaded = await source.LoadAsync(modelUri, cancellationToken);
                        deployments.AddEphemeral(endpoint, new ServedModel(endpoint, loaded.Version, loaded.Model), modelUri, batching, cache);
                    }
                    else
                    {
                        var loaded = ModelLoader.Default.Load(modelUri);
                        deployments.AddEphemeral(endpoint, new ServedModel(endpoint, parse.GetValue(version)!, loaded), modelUri, batching, cache);
                    }
                }
                var options = new ScoringServerOptions
                {
                    Host = parse.GetValue(host)!, Port = parse.GetValue(port), MaxBatchRows = parse.GetValue(maxRows), InlineIo = parse.GetValue(inlineIo),
                };
                await using var server = await ScoringServer.StartAsync(deployments, options, ownsHost: false, cancellationToken);
                Console.WriteLine(endpoint is null
                    ? $"Serving {deployments.Deployments.Count} deployment(s) at {server.Address}"
                    : $"Serving '{endpoint}' ({deployments.Get(endpoint).Current.Variants[0].Served.Model.Format}) at {server.Address}");
                if (backendUri is not null) Console.WriteLine($"  Backend store:    {backendUri}");
                foreach (var d in deployments.Deployments)
                    Console.WriteLine($"  Deployment:       {d.Name} ({d.Policy.Kind}) POST {server.Address}deployments/{d.Name}/invocations");
                Console.WriteLine($"  MLflow scoring:   POST {server.Address}invocations");
                if (endpoint is not null) Console.WriteLine($"  Open Inference:   POST {server.Address}v2/models/{endpoint}/infer");
                Console.WriteLine($"  Deployments API:  {server.Address}api/gyre/deployments");
                Console.WriteLine($"  Metrics:          GET  {server.Address}metrics");
                Console.WriteLine("Press Ctrl+C to stop.");
                await server.WaitForShutdownAsync(cancellationToken);
                return 0;
            }
            catch (GyreException error)
            {
                Console.Error.WriteLine($"gyre serve: {error.Message}");
                return 2;
            }
            finally
            {
                if (deployments is not null) await deployments.DisposeAsync();
                if (store is not null) await store.DisposeAsync();
            }
        });
        root.Subcommands.Add(command);
    }

    private static string DefaultName(string modelUri)
    {
        if (modelUri.StartsWith("models:/", StringComparison.Ordinal))
        {
            var (modelName, _, _) = Gyre.Tracking.Registry.ModelUriResolver.Parse(modelUri);
            return modelName;
        }
        return Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(modelUri));
    }
}
