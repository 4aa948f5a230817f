using Gyre.Server;

namespace Gyre.IntegrationTests.Infrastructure;

/// <summary>
/// A real Gyre server on 127.0.0.1 (a free port the OS picks) over a fresh SQLite database and a fresh
/// artifact folder, both in a temp directory removed afterwards. Shared by the tests of one class.
/// </summary>
public class GyreServerFixture : IAsyncLifetime
{
    private GyreServer? _server;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gyre-it-" + Guid.NewGuid().ToString("N"));

    public string ArtifactsDirectory => Path.Combine(DataDirectory, "artifacts");

    public GyreServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public MlflowHttp Api { get; private set; } = null!;

    /// <summary>Options for this fixture's server; subclasses change them (e.g. --no-serve-artifacts).</summary>
    protected virtual GyreServerOptions Options => new()
    {
        BackendStoreUri = "sqlite:///" + Path.Combine(DataDirectory, "gyre.db"),
        ArtifactsDestination = ArtifactsDirectory,
        Host = "127.0.0.1",
        Port = 0,
    };

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        _server = await GyreServer.StartAsync(Options);
        Api = new MlflowHttp(_server.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS; the temp folder is cleaned up eventually.
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same server with <c>--no-serve-artifacts</c>.</summary>
public sealed class NoServeArtifactsServerFixture : GyreServerFixture
{
    protected override GyreServerOptions Options => base.Options with { ServeArtifacts = false };
}
