using Gyre.Tracking.Tests.Infrastructure;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>The store contract on SQLite, one temp database file per test.</summary>
public sealed class SqliteStoreTests : LoggedModelStoreTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<string> NewDatabaseUriAsync() =>
        Task.FromResult($"sqlite:///{Path.Combine(_dir.Path, Guid.NewGuid().ToString("N") + ".db")}");

    public void Dispose() => _dir.Dispose();
}
