using Gyre.Core.Errors;

namespace Gyre.Tracking.Tests.Stores;

public sealed class TrackingStoreFactoryTests
{
    [Fact]
    public void Postgres_uris_become_npgsql_connection_strings()
    {
        var cs = TrackingStoreFactory.ToNpgsqlConnectionString("postgresql://mlflow:p%40ss@db.internal:6543/tracking?sslmode=require");
        Assert.Contains("Host=db.internal", cs);
        Assert.Contains("Port=6543", cs);
        Assert.Contains("Database=tracking", cs);
        Assert.Contains("Username=mlflow", cs);
        Assert.Contains("Password=p@ss", cs);
        Assert.Contains("SSL Mode=Require", cs);
        Assert.Contains("Port=5432", TrackingStoreFactory.ToNpgsqlConnectionString("postgresql+psycopg2://u@localhost/db"));
    }

    [Fact]
    public async Task Sqlite_uris_follow_sqlalchemy_slashes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gyre-uri-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            // Three slashes: a path relative to the working directory.
            var relativePath = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(dir, "sub", "rel.db"));
            Assert.False(Path.IsPathRooted(relativePath));
            await using (var relative = await TrackingStoreFactory.OpenAsync("sqlite:///" + relativePath, ct: TestContext.Current.CancellationToken))
                Assert.Equal("sqlite", relative.Engine);
            Assert.True(File.Exists(Path.Combine(dir, "sub", "rel.db")));
            // Four slashes: an absolute path.
            var absolute = Path.Combine(dir, "abs.db");
            await using (await TrackingStoreFactory.OpenAsync("sqlite:///" + absolute, ct: TestContext.Current.CancellationToken)) { }
            Assert.True(File.Exists(absolute));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("mysql://u@h/db")]
    [InlineData("file:///tmp/mlruns")]
    public async Task Unsupported_uris_are_rejected_clearly(string uri)
    {
        var e = await Assert.ThrowsAsync<GyreException>(() => TrackingStoreFactory.OpenAsync(uri, ct: TestContext.Current.CancellationToken));
        Assert.Contains(uri, e.Message);
    }
}
