using Gyre.Tracking.Tests.Infrastructure;

namespace Gyre.Tracking.Tests.Stores.Deployments;

/// <summary>The deployment store contract on a throwaway PostgreSQL 15 cluster, one database per test.</summary>
public sealed class PostgresDeploymentStoreTests(PostgresCluster cluster) : DeploymentStoreTests, IClassFixture<PostgresCluster>
{
    protected override Task<string> NewDatabaseUriAsync() => cluster.CreateDatabaseAsync();
}
