using Gyre.Tracking.Tests.Infrastructure;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>The store contract on a throwaway PostgreSQL 15 cluster, one database per test.</summary>
public sealed class PostgresStoreTests(PostgresCluster cluster) : LoggedModelStoreTests, IClassFixture<PostgresCluster>
{
    protected override Task<string> NewDatabaseUriAsync() => cluster.CreateDatabaseAsync();
}
