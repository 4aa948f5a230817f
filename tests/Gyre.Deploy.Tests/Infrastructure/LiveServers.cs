using System.Text;
using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Server;
using Gyre.Serving.Hosting;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>
/// The two servers the deployment assets point at, started for real on free loopback ports: <c>gyre server</c>
/// (GyreServer over a fresh SQLite database) and <c>gyre serve</c> (ScoringServer with a reference ONNX classifier),
/// after which the scoring server has answered successful, failed and Open Inference requests so every series
/// family it exports has samples.
/// </summary>
public sealed class LiveServers : IAsyncLifetime
{
    private GyreServer? _tracking;
    private ScoringServer? _scoring;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("gyre-deploy-tests-").FullName;

    public GyreServer Tracking => _tracking ?? throw new InvalidOperationException("not started");

    public ScoringServer Scoring => _scoring ?? throw new InvalidOperationException("not started");

    public HttpClient TrackingHttp { get; } = new();

    public HttpClient ScoringHttp { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _tracking = await GyreServer.StartAsync(new GyreServerOptions
        {
            BackendStoreUri = "sqlite:///" + Path.Combine(DataDirectory, "gyre.db"),
            ArtifactsDestination = Path.Combine(DataDirectory, "artifacts"),
            Host = "127.0.0.1",
            Port = 0,
        });
        TrackingHttp.BaseAddress = _tracking.BaseAddress;

        var model = ModelLoader.Default.Load(SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx"));
        _scoring = await ScoringServer.StartAsync(new ServedModel("churn", "1", model), new ScoringServerOptions { Host = "127.0.0.1", Port = 0 });
        ScoringHttp.BaseAddress = _scoring.Address;

        var row = "[" + string.Join(",", Enumerable.Range(1, 15)) + "]";
        using (var ok = await ScoringHttp.PostAsync("/invocations", Json("{\"instances\":[" + row + "," + row + "]}")))
            ok.EnsureSuccessStatusCode();
        using (var bad = await ScoringHttp.PostAsync("/invocations", Json("{\"instances\":[[1,2]]}")))
            if ((int)bad.StatusCode != 400) throw new InvalidOperationException($"a malformed request got {(int)bad.StatusCode}, not 400");
        var infer = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,15],\"datatype\":\"FP32\",\"data\":" + row + "}]}";
        using (var v2 = await ScoringHttp.PostAsync("/v2/models/churn/infer", Json(infer)))
            v2.EnsureSuccessStatusCode();
    }

    /// <summary>Every metric name the scoring server exports at /metrics (what Prometheus would store).</summary>
    public async Task<IReadOnlySet<string>> ScrapeScoringMetricsAsync(CancellationToken ct)
    {
        using var response = await ScoringHttp.GetAsync("/metrics", ct);
        response.EnsureSuccessStatusCode();
        return ExportedMetrics.Names(await response.Content.ReadAsStringAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        TrackingHttp.Dispose();
        ScoringHttp.Dispose();
        if (_scoring is not null) await _scoring.DisposeAsync();
        if (_tracking is not null) await _tracking.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned up eventually.
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
