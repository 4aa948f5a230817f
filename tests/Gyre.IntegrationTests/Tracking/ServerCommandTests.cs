using System.Net.Http.Headers;
using System.Text;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

/// <summary>The real <c>gyre server</c> command, as a user starts it: it prints its URL, serves, and stops cleanly when told to (SIGTERM).</summary>
public sealed class ServerCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gyre-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Gyre_server_prints_its_url_serves_MLflow_and_stops_cleanly_on_sigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gyre = GyreProcess.Start(["server", "--host", "127.0.0.1", "--port", "0",
            "--backend-store-uri", "sqlite:///" + Path.Combine(_dataDirectory, "gyre.db"),
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts")]);
        var url = await gyre.WaitForServerUrlAsync(ct);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(5000, url.Port);

        using var http = new HttpClient { BaseAddress = url };
        Assert.Equal("OK", await http.GetStringAsync("/health", ct));
        var experiment = await http.GetStringAsync("/api/2.0/mlflow/experiments/get?experiment_id=0", ct);
        Assert.Contains("\"name\":\"Default\"", experiment);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "gyre.db")), "schema migrations ran at start");

        Assert.Equal(0, await gyre.StopAsync(ct));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/health", ct));
    }

    [Fact]
    public async Task Gyre_server_run_from_a_project_folder_with_its_store_inside_watches_no_files()
    {
        // The default store is ./gyre-data under the working directory; a host watching that directory for
        // configuration changes would be woken by every database write.
        if (!OperatingSystem.IsLinux()) return;
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_dataDirectory);
        using var gyre = GyreProcess.Start(["server", "--host", "127.0.0.1", "--port", "0"], workingDirectory: _dataDirectory);
        var url = await gyre.WaitForServerUrlAsync(ct);
        using var http = new HttpClient { BaseAddress = url };
        using var created = await http.PostAsync("/api/2.0/mlflow/experiments/create",
            new StringContent("{\"name\": \"watched\"}", Encoding.UTF8, "application/json"), ct);
        Assert.True(created.IsSuccessStatusCode);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "gyre-data", "gyre.db")), "the default store is under the working directory");

        var watches = Directory.GetFiles($"/proc/{gyre.Process.Id}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Count(target => target is not null && target.Contains("inotify", StringComparison.Ordinal));
        Assert.Equal(0, watches);
        Assert.Equal(0, await gyre.StopAsync(ct));
    }

    [Fact]
    public async Task An_unsupported_backend_store_is_a_clear_error_and_a_nonzero_exit()
    {
        using var gyre = GyreProcess.Start(["server", "--port", "0", "--backend-store-uri", "mysql://nowhere/db",
            "--artifacts-destination", Path.Combine(_dataDirectory, "artifacts")]);
        var stderr = gyre.Process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await gyre.Process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, gyre.Process.ExitCode);
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

/// <summary><c>gyre server --artifacts-destination s3://bucket/prefix</c>, configured by MLflow's S3 environment variables.</summary>
public sealed class S3ArtifactDestinationTests(S3rverProcess s3) : IClassFixture<S3rverProcess>, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gyre-cli-s3-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_artifact_proxy_stores_files_in_S3()
    {
        var ct = TestContext.Current.CancellationToken;
        using var gyre = GyreProcess.Start(["server", "--port", "0",
            "--backend-store-uri", "sqlite:///" + Path.Combine(_dataDirectory, "gyre.db"),
            "--artifacts-destination", $"s3://{S3rverProcess.Bucket}/mlflow"], s3.Environment);
        var url = await gyre.WaitForServerUrlAsync(ct);
        using var api = new MlflowHttp(url);

        var experimentId = await api.CreateExperimentAsync("s3-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await api.CreateRunAsync(experimentId);
        var root = $"{experimentId}/{runId}/artifacts";
        using (var body = new ByteArrayContent(Encoding.UTF8.GetBytes("weights")))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var put = await api.Client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{root}/model/model.onnx", body, ct);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
        }

        Assert.Equal("weights", await api.Client.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts/{root}/model/model.onnx", ct));
        var listing = await api.OkAsync(api.GetAsync($"artifacts/list?run_id={runId}&path=model"));
        var file = Assert.Single(listing.GetProperty("files").EnumerateArray());
        Assert.Equal("model/model.onnx", file.GetProperty("path").GetString());
        Assert.Equal(7, file.GetProperty("file_size").GetInt64());
        // The bytes live in the bucket under the prefix, not on the server's disk.
        Assert.Contains(Directory.EnumerateFileSystemEntries(s3.DataDirectory, "*", SearchOption.AllDirectories),
            p => p.Replace('\\', '/').Contains($"mlflow/{root}/model/model.onnx", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "artifacts")));

        Assert.Equal(0, await gyre.StopAsync(ct));
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
