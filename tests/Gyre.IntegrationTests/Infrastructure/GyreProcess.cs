using System.Diagnostics;

namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>The <c>gyre</c> CLI run as its own process (as a user runs it), with its output captured.</summary>
public sealed class GyreProcess : IDisposable
{
    private GyreProcess(Process process) => Process = process;

    public Process Process { get; }

    public static GyreProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gyre.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new GyreProcess(Process.Start(start) ?? throw new InvalidOperationException("Cannot start gyre."));
    }

    /// <summary>Reads stdout until <c>gyre server</c> prints the URL it listens at.</summary>
    public async Task<Uri> WaitForServerUrlAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var line = await Process.StandardOutput.ReadLineAsync(deadline.Token)
                       ?? throw new InvalidOperationException("gyre server exited early: " + await Process.StandardError.ReadToEndAsync(ct));
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (at >= 0) return new Uri(line[at..].Trim());
        }
    }

    /// <summary>
    /// Sends SIGTERM, as <c>docker stop</c> or systemd do, and waits for the exit code. The server shuts down
    /// on SIGTERM exactly as on Ctrl+C's SIGINT; SIGINT itself cannot be used here because processes that a
    /// non-interactive shell starts in the background (as test.sh and CI do) inherit SIGINT as ignored.
    /// </summary>
    public async Task<int> StopAsync(CancellationToken ct)
    {
        using (var interrupt = Process.Start("kill", ["-TERM", Process.Id.ToString()]))
            await interrupt.WaitForExitAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await Process.WaitForExitAsync(deadline.Token);
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
