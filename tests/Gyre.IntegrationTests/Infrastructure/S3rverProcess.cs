using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>
/// A real S3-compatible server (npm's s3rver from .tools/, installed by scripts/install-test-deps.sh) on a free
/// loopback port, with one bucket and its data in a temp folder removed afterwards.
/// </summary>
public sealed partial class S3rverProcess : IAsyncLifetime
{
    public const string Bucket = "gyre-it";
    private Process? _process;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("gyre-it-s3-").FullName;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The environment MLflow (and Gyre) read to reach this server.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["MLFLOW_S3_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_DEFAULT_REGION"] = "us-east-1",
    };

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(RepositoryPaths.NodeModules, "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed at {script}; run scripts/install-test-deps.sh.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // s3rver's list continuation tokens use DES, which Node 17+ only offers from OpenSSL's legacy provider.
        foreach (var arg in new[] { "--openssl-legacy-provider", script, "-d", DataDirectory, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", Bucket })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node for s3rver.");
        var stderr = _process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Endpoint is null)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
                       ?? throw new InvalidOperationException($"s3rver exited before listening: {await stderr}");
            var match = ListeningLine().Match(line);
            if (match.Success) Endpoint = new Uri($"http://127.0.0.1:{match.Groups[1].Value}");
        }
        _ = DrainAsync(_process.StandardOutput);
    }

    private static async Task DrainAsync(StreamReader output)
    {
        while (await output.ReadLineAsync() is not null)
        {
            // s3rver logs every request; keep its pipe from filling up.
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
        _process?.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
