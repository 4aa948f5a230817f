using System.Diagnostics;

namespace Gyre.IntegrationTests.Client;

/// <summary>Runs the real <c>gyre</c> command (gyre.dll beside the tests) in its own process and captures what it prints.</summary>
internal static class GyreCli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var gyre = Path.Combine(AppContext.BaseDirectory, "gyre.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(gyre);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start gyre");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
