using System.CommandLine;
using Gyre.Cli.Commands;

namespace Gyre.Monitoring.Tests.Cli;

/// <summary>Runs the real `gyre` monitoring verbs in-process and captures what they print to stderr.</summary>
internal static class CliHarness
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);

    public static async Task<(int ExitCode, string Errors)> RunAsync(params string[] args)
    {
        var root = new RootCommand("gyre");
        MonitoringCommands.AddTo(root);
        await ConsoleLock.WaitAsync();
        var previous = Console.Error;
        var errors = new StringWriter();
        try
        {
            Console.SetError(errors);
            var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Error = errors }, TestContext.Current.CancellationToken);
            return (code, errors.ToString());
        }
        finally
        {
            Console.SetError(previous);
            ConsoleLock.Release();
        }
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gyre-monitoring-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
