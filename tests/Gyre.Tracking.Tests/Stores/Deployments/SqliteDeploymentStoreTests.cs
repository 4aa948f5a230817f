using Gyre.Tracking.Tests.Infrastructure;

namespace Gyre.Tracking.Tests.Stores.Deployments;

/// <summary>The deployment store contract on SQLite, one temp database file per test.</summary>
public sealed class SqliteDeploymentStoreTests : DeploymentStoreTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<string> NewDatabaseUriAsync() =>
        Task.FromResult($"sqlite:///{Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".db")}");

    public void Dispose() => _dir.Dispose();
}
