using Gyre.Tracking.Entities;
using Gyre.Tracking.Stores;
using Gyre.Tracking.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>Schema v4 (logged models) applied to a database that already holds v3 data.</summary>
public sealed class LoggedModelMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_v3_database_with_versions_upgrades_to_logged_models_and_keeps_its_data()
    {
        var file = Path.Combine(_dir.Path, "upgrade.db");
        var uri = "sqlite:///" + file;
        var options = new TrackingStoreOptions { DefaultArtifactRoot = "s3://bucket/mlruns" };
        await using (var store = await TrackingStoreFactory.OpenAsync(uri, options, Ct))
        {
            await store.CreateRegisteredModelAsync("old", ct: Ct);
            await store.CreateModelVersionAsync("old", "s3://bucket/old/1", ct: Ct);
        }
        // Take the database back to schema v3: no logged-model tables, no model_id / storage_location columns.
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = SqliteRunKeyMigrationTests.BackToV4Sql + """
                DROP TABLE logged_model_metrics; DROP TABLE logged_model_params; DROP TABLE logged_model_tags;
                DROP TABLE logged_models; DROP TABLE run_model_links;
                ALTER TABLE model_versions DROP COLUMN model_id; ALTER TABLE model_versions DROP COLUMN storage_location;
                DELETE FROM schema_version WHERE version = 4;
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }
        SqliteConnection.ClearAllPools();

        await using (var upgraded = await TrackingStoreFactory.OpenAsync(uri, options, Ct))
        {
            var old = await upgraded.GetModelVersionAsync("old", "1", Ct);
            Assert.Null(old.ModelId);
            Assert.Equal("s3://bucket/old/1", await upgraded.GetModelVersionDownloadUriAsync("old", "1", Ct));
            var model = await upgraded.CreateLoggedModelAsync("0", "fresh", ct: Ct);
            Assert.Equal($"s3://bucket/mlruns/0/models/{model.Info.ModelId}/artifacts", model.Info.ArtifactLocation);
        }
        // Opening again runs nothing twice.
        await using var reopened = await TrackingStoreFactory.OpenAsync(uri, options, Ct);
        Assert.Single((await reopened.SearchLoggedModelsAsync(["0"], ct: Ct)).Items);
        Assert.Equal(LoggedModelStatus.Pending, (await reopened.SearchLoggedModelsAsync(["0"], ct: Ct)).Items[0].Info.Status);
    }

    public void Dispose() => _dir.Dispose();
}
