using System.Diagnostics;

namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>Runs a Node.js script with the npm test tools on its module path and captures its output.</summary>
public static class NodeScript
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        if (!Directory.Exists(RepositoryPaths.NodeModules))
            throw new InvalidOperationException($"npm test tools are missing at {RepositoryPaths.NodeModules}; run scripts/install-test-deps.sh.");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NODE_PATH"] = RepositoryPaths.NodeModules;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout}.");
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
