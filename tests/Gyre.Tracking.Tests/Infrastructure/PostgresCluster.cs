using Gyre.Testing.Postgres;

namespace Gyre.Tracking.Tests.Infrastructure;

/// <summary>A class fixture holding one throwaway PostgreSQL cluster (fsync off); each test creates its own database.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private ThrowawayPostgres? _cluster;

    public int Port => Cluster.Port;

    private ThrowawayPostgres Cluster => _cluster ?? throw new InvalidOperationException("The PostgreSQL cluster has not started.");

    public async ValueTask InitializeAsync() => _cluster = await ThrowawayPostgres.StartAsync(durable: false);

    /// <summary>A fresh, empty database; returns its postgresql:// URI.</summary>
    public Task<string> CreateDatabaseAsync() => Cluster.CreateDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
