using System.Diagnostics;
using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using Gyre.Artifacts.S3;

namespace Gyre.Artifacts.Tests.S3;

/// <summary>
/// A real S3-compatible server (npm's s3rver, installed into .tools/ by scripts/install-test-deps.sh) on a free
/// loopback port with its data in a temp folder, and one bucket. Stopped and cleaned up at the end.
/// </summary>
public partial class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "gyre-test";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("gyre-s3rver-").FullName;
    private Process? _process;

    public S3Settings Settings { get; private set; } = new();

    /// <summary>Serve HTTPS with a fresh self-signed certificate (for MLFLOW_S3_IGNORE_TLS).</summary>
    protected virtual bool UseTls => false;

    public async ValueTask InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot(), ".tools", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed at {script}; run scripts/install-test-deps.sh.");

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver's list continuation tokens use DES, which Node 17+ (OpenSSL 3) only offers from its legacy provider.
        foreach (var arg in new[] { "--openssl-legacy-provider", script, "-d", _dataDirectory, "-a", "127.0.0.1", "-p", "0", "--silent" }) start.ArgumentList.Add(arg);
        if (UseTls)
        {
            var (keyFile, certFile) = SelfSignedCertificate.WritePem(_dataDirectory + "-tls");
            foreach (var arg in new[] { "--key", keyFile, "--cert", certFile }) start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for s3rver.");
        var stderr = _process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int port = 0;
        while (port == 0)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
                throw new InvalidOperationException($"s3rver exited before listening: {await stderr}");
            var match = ListeningLine().Match(line);
            if (match.Success) port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Settings = new S3Settings
        {
            EndpointUrl = new Uri($"{(UseTls ? "https" : "http")}://127.0.0.1:{port}"),
            AccessKeyId = "S3RVER",
            SecretAccessKey = "S3RVER",
            Region = "us-east-1",
        };
        using var client = S3ArtifactRepository.CreateClient(Settings with { IgnoreTls = UseTls });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket }, timeout.Token);
    }

    public IAmazonS3 CreateClient() => S3ArtifactRepository.CreateClient(Settings);

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
        _process?.Dispose();
        foreach (var directory in new[] { _dataDirectory, _dataDirectory + "-tls" })
        {
            try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gyre.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (Gyre.sln) above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>s3rver over HTTPS with a self-signed certificate.</summary>
public sealed class S3rverTlsFixture : S3rverFixture
{
    protected override bool UseTls => true;
}
