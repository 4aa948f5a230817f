using System.CommandLine;
using Gyre.Cli.Commands.Quickstart.Steps;
using Gyre.Core.Errors;
using Spectre.Console;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>
/// <c>gyre quickstart</c>: starts the server on the embedded default (SQLite and a local folder) and carries a
/// churn model through its whole life against it, through the same HTTP API and SDK users have: data,
/// validation, training, registry, gates, deployment, traffic, drift, retraining and a canary rollout.
/// Then it keeps serving until Ctrl+C, or exits with --no-serve (code 0 only when every step passed).
/// </summary>
internal static class QuickstartCommand
{
    public static void AddTo(RootCommand root) => root.Subcommands.Add(Create());

    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "Port of the server (0: any free port).", DefaultValueFactory = _ => 5000 };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the server keeps its SQLite database and artifacts.", DefaultValueFactory = _ => "./gyre-data" };
        var generate = new Option<bool>("--generate-data") { Description = "Use synthetic churn data even when the reference data is found." };
        var noServe = new Option<bool>("--no-serve") { Description = "Exit at the end instead of serving until Ctrl+C; exit code 0 only when every step passed." };
        var command = new Command("quickstart", "Run the whole model lifecycle against a local Gyre server, narrated: train, register, gate, deploy, monitor, retrain, roll out.")
        {
            port, dataDir, generate, noServe,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new QuickstartSettings
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Port = parse.GetValue(port),
                GenerateData = parse.GetValue(generate),
                Serve = !parse.GetValue(noServe),
            };
            if (settings.Port is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync($"gyre quickstart: --port must be between 0 and 65535, got {settings.Port}.");
                return 2;
            }
            try
            {
                return await RunAsync(settings, ConsoleFor(Console.Out), ct);
            }
            catch (GyreException e)
            {
                await Console.Error.WriteLineAsync($"gyre quickstart: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"gyre quickstart: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("gyre quickstart: stopped before the end (Ctrl+C).");
                return 130;
            }
        });
        return command;
    }

    public static IReadOnlyList<IQuickstartStep> Steps() =>
    [
        new LoadDataStep(),
        new ValidateDataStep(),
        new TrainCandidatesStep(),
        new RegisterModelStep(),
        new GateAndPromoteStep(),
        new DeployStep(),
        new TrafficStep(),
        new ShiftStep(),
        new RetrainStep(),
        new CanaryStep(),
        new PromotionStep(),
    ];

    private static async Task<int> RunAsync(QuickstartSettings settings, IAnsiConsole console, CancellationToken ct)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        console.Write(new Rule("[bold]Gyre quickstart[/]").LeftJustified());
        await using var server = await QuickstartServer.StartAsync(settings.DataDirectory, settings.Port, ct);
        var options = server.Options;
        console.MarkupLine($"Server listening at [bold]{server.BaseAddress}[/] (SQLite {Markup.Escape(options.BackendStoreUri)}, artifacts in {Markup.Escape(options.ArtifactsDestination)})");

        var work = Path.Combine(settings.DataDirectory, "quickstart", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        using var context = new QuickstartContext(settings, server.BaseAddress, console, work);
        var passed = await new QuickstartRunner(Steps()).RunAsync(context, ct);

        console.WriteLine();
        console.MarkupLine($"Tracking and registry API (MLflow REST): [bold]{server.BaseAddress}api/2.0/mlflow/[/]  (MLFLOW_TRACKING_URI={server.BaseAddress.ToString().TrimEnd('/')})");
        console.MarkupLine($"Deployments API: [bold]{server.BaseAddress}api/gyre/deployments[/]; scoring: {server.BaseAddress}deployments/{Markup.Escape(settings.DeploymentName)}/invocations; metrics: {server.BaseAddress}metrics");
        console.MarkupLine($"Files of this run: {Markup.Escape(work)}");
        if (!settings.Serve) return passed ? 0 : 1;
        console.MarkupLine($"Gyre is serving at [bold]{server.BaseAddress}[/]. Press Ctrl+C to stop.");
        await server.RunUntilCancelledAsync(ct);
        return passed ? 0 : 1;
    }

    private static IAnsiConsole ConsoleFor(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = !Console.IsOutputRedirected ? InteractionSupport.Detect : InteractionSupport.No,
    });
}
