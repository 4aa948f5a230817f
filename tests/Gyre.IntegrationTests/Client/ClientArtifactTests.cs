using System.Security.Cryptography;
using Gyre.Artifacts;
using Gyre.Client;
using Gyre.Core.Errors;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Client;

/// <summary>Artifacts logged and downloaded through the server's artifact proxy by the .NET client.</summary>
public sealed class ClientArtifactTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>, IDisposable
{
    private readonly TrackingClient _client = new(server.Server.BaseAddress);
    private readonly string _local = Directory.CreateTempSubdirectory("gyre-client-art-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Files_and_folders_go_up_through_the_proxy_and_come_back_byte_for_byte()
    {
        var model = Path.Combine(_local, "model");
        Directory.CreateDirectory(Path.Combine(model, "data"));
        await File.WriteAllTextAsync(Path.Combine(model, "MLmodel"), "flavors:\n  onnx: {}\n", Ct);
        var weights = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(weights);
        await File.WriteAllBytesAsync(Path.Combine(model, "data", "model.onnx"), weights, Ct);
        var report = Path.Combine(_local, "report.html");
        await File.WriteAllTextAsync(report, "<h1>ok</h1>", Ct);

        string runId;
        await using (var run = await _client.StartRunAsync(experimentName: "artifacts-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: Ct))
        {
            runId = run.RunId;
            Assert.StartsWith("mlflow-artifacts:", run.Run.Info.ArtifactUri);
            await run.LogArtifactAsync(model, "model", Ct);
            await run.LogArtifactAsync(report, cancellationToken: Ct);
            await run.LogTextAsync("{\"auc\": 0.9}", "eval/summary.json", Ct);
        }

        var root = await _client.ListArtifactsAsync(runId, cancellationToken: Ct);
        Assert.Equal([new ArtifactFileInfo("eval", true, null), new ArtifactFileInfo("model", true, null), new ArtifactFileInfo("report.html", false, 11)], root);
        var data = await _client.ListArtifactsAsync(runId, "model/data", Ct);
        Assert.Equal([new ArtifactFileInfo("model/data/model.onnx", false, weights.Length)], data);

        // The server stored them where its artifact destination says.
        var experimentId = (await _client.GetRunAsync(runId, Ct)).Info.ExperimentId;
        Assert.True(File.Exists(Path.Combine(server.ArtifactsDirectory, experimentId, runId, "artifacts", "model", "data", "model.onnx")));

        var downloads = Path.Combine(_local, "downloads");
        var modelDir = await _client.DownloadArtifactsAsync(runId, "model", downloads, Ct);
        Assert.Equal(Path.Combine(downloads, "model"), modelDir);
        Assert.Equal(SHA256.HashData(weights), SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(modelDir, "data", "model.onnx"), Ct)));
        Assert.Equal("flavors:\n  onnx: {}\n", await File.ReadAllTextAsync(Path.Combine(modelDir, "MLmodel"), Ct));

        var single = await _client.DownloadArtifactsAsync(runId, "eval/summary.json", Path.Combine(_local, "one"), Ct);
        Assert.Equal("{\"auc\": 0.9}", await File.ReadAllTextAsync(single, Ct));
    }

    [Fact]
    public async Task A_missing_artifact_and_an_unsafe_path_are_clear_errors()
    {
        await using var run = await _client.StartRunAsync(experimentName: "artifacts-errors", cancellationToken: Ct);
        var missing = await Assert.ThrowsAsync<TrackingServerException>(() => _client.DownloadArtifactsAsync(run.RunId, "nope.txt", _local, Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, missing.Code);

        var file = Path.Combine(_local, "x.txt");
        await File.WriteAllTextAsync(file, "x", Ct);
        var unsafePath = await Assert.ThrowsAsync<GyreException>(() => run.LogArtifactAsync(file, "../outside", Ct));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, unsafePath.Code);
        var notThere = await Assert.ThrowsAsync<GyreException>(() => run.LogArtifactAsync(Path.Combine(_local, "absent.bin"), cancellationToken: Ct));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, notThere.Code);
        run.LogMetric("still_running", 1); // the run goes on after handled errors
    }

    public void Dispose()
    {
        _client.Dispose();
        try { Directory.Delete(_local, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A server started with --no-serve-artifacts hands out local artifact roots the client writes directly.</summary>
public sealed class ClientDirectArtifactTests(NoServeArtifactsServerFixture server) : IClassFixture<NoServeArtifactsServerFixture>, IDisposable
{
    private readonly TrackingClient _client = new(server.Server.BaseAddress);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Artifacts_are_written_straight_into_a_local_artifact_root()
    {
        await using var run = await _client.StartRunAsync(experimentName: "direct-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: Ct);
        Assert.DoesNotContain("mlflow-artifacts:", run.Run.Info.ArtifactUri);
        await run.LogTextAsync("hello", "notes/hello.txt", Ct);
        Assert.Equal([new ArtifactFileInfo("notes/hello.txt", false, 5)], await _client.ListArtifactsAsync(run.RunId, "notes", Ct));
    }

    public void Dispose() => _client.Dispose();
}
