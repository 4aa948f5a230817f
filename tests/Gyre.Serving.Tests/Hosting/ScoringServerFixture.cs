using Gyre.Core.Testing;
using Gyre.Models.Abstractions;
using Gyre.Serving.Hosting;

namespace Gyre.Serving.Tests.Hosting;

/// <summary>A real Kestrel scoring server on a free loopback port, serving a reference ONNX classifier.</summary>
public sealed class ScoringServerFixture : IAsyncLifetime
{
    public ScoringServer Server { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var model = ModelLoader.Default.Load(SharedData.PathOf("reference", "models", "onnx", "sklearn", "gradient_boosting_classifier_binary", "model.onnx"));
        Server = await ScoringServer.StartAsync(new ServedModel("churn", "7", model), new ScoringServerOptions { Port = 0, MaxBatchRows = 1000 });
        Http.BaseAddress = Server.Address;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
