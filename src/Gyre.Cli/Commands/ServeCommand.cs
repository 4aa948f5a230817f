using System.CommandLine;
using Gyre.Core.Errors;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;

namespace Gyre.Cli.Commands;

/// <summary><c>gyre serve --model PATH</c>: scores one model over MLflow's and the Open Inference protocols.</summary>
internal static class ServeCommand
{
    public static void AddTo(RootCommand root)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model to serve: an ONNX file, an XGBoost JSON/UBJSON file or an MLflow model directory.", Required = true };
        var name = new Option<string?>("--name") { Description = "Endpoint name (default: the model file's name)." };
        var version = new Option<string>("--model-version") { Description = "Version label reported in metrics and responses.", DefaultValueFactory = _ => "1" };
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 for any free port).", DefaultValueFactory = _ => 5001 };
        var maxRows = new Option<int>("--max-batch-rows") { Description = "Largest batch a request may send.", DefaultValueFactory = _ => 100_000 };

        var command = new Command("serve", "Serve a model over HTTP: MLflow /invocations, Open Inference Protocol v2, Prometheus /metrics.")
        {
            model, name, version, host, port, maxRows,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(model)!;
            try
            {
                var loaded = ModelLoader.Default.Load(path);
                var endpoint = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(path));
                var options = new ScoringServerOptions { Host = parse.GetValue(host)!, Port = parse.GetValue(port), MaxBatchRows = parse.GetValue(maxRows) };
                await using var server = await ScoringServer.StartAsync(new ServedModel(endpoint, parse.GetValue(version)!, loaded), options, cancellationToken);
                Console.WriteLine($"Serving '{endpoint}' ({loaded.Format}) at {server.Address}");
                Console.WriteLine($"  MLflow scoring:   POST {server.Address}invocations");
                Console.WriteLine($"  Open Inference:   POST {server.Address}v2/models/{endpoint}/infer");
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
        });
        root.Subcommands.Add(command);
    }
}
