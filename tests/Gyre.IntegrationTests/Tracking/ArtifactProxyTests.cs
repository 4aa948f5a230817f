using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gyre.IntegrationTests.Infrastructure;

namespace Gyre.IntegrationTests.Tracking;

public sealed class ArtifactProxyTests(GyreServerFixture server) : IClassFixture<GyreServerFixture>
{
    private readonly MlflowHttp _api = server.Api;
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    private async Task<HttpResponseMessage> PutAsync(string path, string content)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await _api.Client.PutAsync($"{Proxy}/{path}", body, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_run_logs_and_reads_artifacts_through_the_proxy()
    {
        var experimentId = await _api.CreateExperimentAsync("art-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await _api.CreateRunAsync(experimentId);
        var root = $"{experimentId}/{runId}/artifacts";

        var put = await PutAsync($"{root}/model/MLmodel", "flavors: {}\n");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("{}", await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync($"{root}/metrics.csv", "a,b\n1,2\n")).StatusCode);
        Assert.True(File.Exists(Path.Combine(server.ArtifactsDirectory, experimentId, runId, "artifacts", "model", "MLmodel")));

        var download = await _api.Client.GetAsync($"{Proxy}/{root}/metrics.csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("a,b\n1,2\n", await download.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        var listed = await _api.OkAsync(_api.GetAsync($"{Proxy}?path={Uri.EscapeDataString(root)}"));
        var files = listed.GetProperty("files").EnumerateArray().ToList();
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "model" && f.GetProperty("is_dir").GetBoolean());
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "metrics.csv" && f.GetProperty("file_size").GetInt64() == 8);

        // The tracking API lists the same files relative to the run's artifact root.
        var runListing = await _api.OkAsync(_api.GetAsync($"artifacts/list?run_id={runId}&path=model"));
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", runListing.GetProperty("root_uri").GetString());
        var mlmodel = Assert.Single(runListing.GetProperty("files").EnumerateArray());
        Assert.Equal("model/MLmodel", mlmodel.GetProperty("path").GetString());
        Assert.False(mlmodel.GetProperty("is_dir").GetBoolean());

        var delete = await _api.Client.DeleteAsync($"{Proxy}/{root}/metrics.csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        (await _api.GetAsync($"{Proxy}/{root}/metrics.csv")).ShouldFail(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Listing_a_missing_folder_is_empty()
    {
        var listed = await _api.OkAsync(_api.GetAsync($"{Proxy}?path=no/such/folder"));
        Assert.False(listed.TryGetProperty("files", out _));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b")]
    public async Task Paths_that_climb_out_or_are_absolute_are_rejected(string path)
    {
        (await _api.GetAsync($"{Proxy}?path={Uri.EscapeDataString(path)}")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var runId = await _api.CreateRunAsync("0");
        (await _api.GetAsync($"artifacts/list?run_id={runId}&path={Uri.EscapeDataString(path)}")).ShouldFail(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Encoded_dot_dot_segments_never_reach_outside_the_artifact_folder()
    {
        var response = await _api.Client.GetAsync($"{Proxy}/x/%2E%2E/%2E%2E/%2E%2E/gyre.db", TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}

public sealed class NoServeArtifactsTests(NoServeArtifactsServerFixture server) : IClassFixture<NoServeArtifactsServerFixture>
{
    [Fact]
    public async Task The_proxy_is_disabled_and_runs_get_local_artifact_uris()
    {
        var response = await server.Api.Client.GetAsync("/api/2.0/mlflow-artifacts/artifacts?path=x", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("--no-serve-artifacts", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var experimentId = await server.Api.CreateExperimentAsync("local-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await server.Api.CreateRunAsync(experimentId);
        var run = await server.Api.OkAsync(server.Api.GetAsync($"runs/get?run_id={runId}"));
        var artifactUri = run.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.StartsWith("file:///", artifactUri);

        // A client writing straight into that folder sees its files listed by the tracking API.
        var folder = new Uri(artifactUri).LocalPath;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "hello", TestContext.Current.CancellationToken);
        var listing = await server.Api.OkAsync(server.Api.GetAsync($"artifacts/list?run_id={runId}"));
        var file = Assert.Single(listing.GetProperty("files").EnumerateArray());
        Assert.Equal("notes.txt", file.GetProperty("path").GetString());
        Assert.Equal(5, file.GetProperty("file_size").GetInt64());
    }
}
