using System.Diagnostics;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>The real <c>gyre server</c> command, as a user starts it: it prints its URL, serves, and stops on Ctrl+C.</summary>
public sealed class ServerCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gyre-cli-" + Guid.NewGuid().ToString("N"));

    private static Process StartGyre(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gyre.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("Cannot start gyre.");
    }

    [Fact]
    public async Task Gyre_server_prints_its_url_serves_MLflow_and_stops_on_ctrl_c()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gyre = StartGyre("server", "--host", "127.0.0.1", "--port", "0",
            "--backend-store-uri", "sqlite:///" + Path.Combine(_dataDirectory, "gyre.db"),
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts"));
        try
        {
            Uri? url = null;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            while (url is null)
            {
                var line = await gyre.StandardOutput.ReadLineAsync(deadline.Token)
                           ?? throw new InvalidOperationException("gyre server exited early: " + await gyre.StandardError.ReadToEndAsync(ct));
                var at = line.IndexOf("http://", StringComparison.Ordinal);
                if (at >= 0) url = new Uri(line[at..].Trim());
            }
            Assert.Equal("127.0.0.1", url.Host);
            Assert.NotEqual(5000, url.Port);

            using var http = new HttpClient { BaseAddress = url };
            Assert.Equal("OK", await http.GetStringAsync("/health", ct));
            var experiment = await http.GetStringAsync("/api/2.0/mlflow/experiments/get?experiment_id=0", ct);
            Assert.Contains("\"name\":\"Default\"", experiment);
            Assert.True(File.Exists(Path.Combine(_dataDirectory, "gyre.db")), "schema migrations ran at start");

            using (var interrupt = Process.Start("kill", ["-INT", gyre.Id.ToString()]))
                await interrupt.WaitForExitAsync(ct);
            using var exitDeadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            exitDeadline.CancelAfter(TimeSpan.FromSeconds(30));
            await gyre.WaitForExitAsync(exitDeadline.Token);
            Assert.Equal(0, gyre.ExitCode);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/health", ct));
        }
        finally
        {
            if (!gyre.HasExited) gyre.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task An_unsupported_backend_store_is_a_clear_error_and_a_nonzero_exit()
    {
        using var gyre = StartGyre("server", "--port", "0", "--backend-store-uri", "mysql://nowhere/db",
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts"));
        var stderr = gyre.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await gyre.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, gyre.ExitCode);
        Assert.Contains("mysql://nowhere/db", await stderr);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp eventually.
        }
    }
}
