using System.CommandLine;
using Gyre.Core.Errors;
using Spectre.Console;

namespace Gyre.Cli.Commands.Models;

/// <summary>What the model verbs share: a console on the invocation's output and errors as messages with exit code 1.</summary>
internal static class ModelCli
{
    public const int Failed = 1;

    public static void SetAction(Command command, Func<ParseResult, IAnsiConsole, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                return await action(parse, ConsoleFor(output), ct);
            }
            catch (GyreException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return Failed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return Failed;
            }
        });
    }

    private static IAnsiConsole ConsoleFor(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? InteractionSupport.Detect : InteractionSupport.No,
    });

    /// <summary>An <see cref="IProgress{T}"/> that runs the callback on the reporting thread (no synchronization context hop).</summary>
    public sealed class Immediate<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
