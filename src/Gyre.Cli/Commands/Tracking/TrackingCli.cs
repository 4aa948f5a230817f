using System.CommandLine;
using System.Globalization;
using Gyre.Client;
using Gyre.Core.Errors;
using Spectre.Console;

namespace Gyre.Cli.Commands.Tracking;

/// <summary>What the tracking verbs share: the <c>--tracking-uri</c> option, a client, a console, and error handling
/// that turns server errors into a clear message and a non-zero exit code.</summary>
internal static class TrackingCli
{
    /// <summary>Exit code when the server answered with an error (or the input was bad).</summary>
    public const int ServerError = 1;

    /// <summary>Exit code when the server could not be reached.</summary>
    public const int Unreachable = 2;

    public static Option<string> TrackingUriOption() => new("--tracking-uri")
    {
        Description = "Tracking server URL (default: MLFLOW_TRACKING_URI, else http://127.0.0.1:5000).",
        DefaultValueFactory = _ => TrackingClient.DefaultTrackingUri().OriginalString,
        Recursive = true,
    };

    /// <summary>Runs a verb with a client for <c>--tracking-uri</c>, printing to the invocation's output.</summary>
    public static void SetClientAction(Command command, Option<string> trackingUri, Func<ParseResult, TrackingClient, IAnsiConsole, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var uriText = parse.GetValue(trackingUri)!;
            if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync($"error: --tracking-uri '{uriText}' is not an http:// or https:// URL.");
                return ServerError;
            }
            try
            {
                using var client = new TrackingClient(uri, TrackingClientOptions.FromEnvironment() with { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(30) });
                return await action(parse, client, ConsoleFor(output), ct);
            }
            catch (GyreException e) when (e.Code == ErrorCode.TEMPORARILY_UNAVAILABLE && e is not TrackingServerException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                await error.WriteLineAsync("Is the server running? Start one with `gyre server`, or point --tracking-uri / MLFLOW_TRACKING_URI at it.");
                return Unreachable;
            }
            catch (TrackingServerException e)
            {
                await error.WriteLineAsync($"error: {e.ServerErrorCode}: {e.Message}");
                return ServerError;
            }
            catch (GyreException e)
            {
                await error.WriteLineAsync($"error: {e.Code}: {e.Message}");
                return ServerError;
            }
        });
    }

    /// <summary>A console over the given writer: colour only on a real terminal, wide lines when redirected.</summary>
    internal static IAnsiConsole ConsoleFor(TextWriter output, int redirectedWidth = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        // Redirected output (pipes, files, tests) gets wide lines instead of wrapped ids.
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = redirectedWidth;
        return console;
    }

    public static string Time(long? unixMillis) =>
        unixMillis is { } ms and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    public static string Escape(string? text) => Markup.Escape(text ?? "");

    /// <summary>An experiment given by id (all digits) or by name.</summary>
    public static async Task<Gyre.Client.Protocol.Experiment> FindExperimentAsync(TrackingClient client, string idOrName, CancellationToken ct)
    {
        if (idOrName.All(char.IsAsciiDigit)) return await client.GetExperimentAsync(idOrName, ct);
        return await client.GetExperimentByNameAsync(idOrName, ct)
            ?? throw GyreException.NotFound($"No experiment is named '{idOrName}'.");
    }
}
