using System.Diagnostics;

namespace Gyre.IntegrationTests.Quickstart;

/// <summary>Runs <c>gyre quickstart --no-serve</c> as its own process, as a user runs it, and captures what it prints.</summary>
internal static class QuickstartProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string dataDirectory, IEnumerable<string> extraArguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gyre.dll"));
        foreach (var argument in (string[])["quickstart", "--no-serve", "--port", "0", "--data-dir", dataDirectory, .. extraArguments])
            start.ArgumentList.Add(argument);
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start gyre quickstart");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The quickstart's own budget is 3 minutes; a loaded shared machine gets some slack before the test gives up.
        timeout.CancelAfter(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("gyre quickstart did not finish in 8 minutes. Output so far:\n" + await output);
        }
        return new Result(process.ExitCode, await output, await error, watch.Elapsed);
    }
}
