using Gyre.Tracking.Entities;
using Gyre.Tracking.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>New SQLite databases use 8 kB pages; a database made before keeps its page size and keeps working.</summary>
public sealed class SqlitePageSizeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_gets_8_kB_pages()
    {
        var file = Path.Combine(_dir.Path, "new.db");
        await using (var store = await TrackingStoreFactory.OpenAsync("sqlite:///" + file, new TrackingStoreOptions { DefaultArtifactRoot = _dir.Path }, Ct))
            await store.CreateExperimentAsync("e", ct: Ct);
        Assert.Equal(8192, await PageSizeAsync(file));
    }

    [Fact]
    public async Task An_existing_database_keeps_its_page_size()
    {
        var file = Path.Combine(_dir.Path, "old.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size=4096; CREATE TABLE made_before (x INTEGER);";
            await command.ExecuteNonQueryAsync(Ct);
        }
        await using (var store = await TrackingStoreFactory.OpenAsync("sqlite:///" + file, new TrackingStoreOptions { DefaultArtifactRoot = _dir.Path }, Ct))
        {
            var experimentId = await store.CreateExperimentAsync("e", ct: Ct);
            var runId = (await store.CreateRunAsync(experimentId, ct: Ct)).Info.RunId;
            await store.LogBatchAsync(runId, metrics: [new Metric("loss", 0.5, 1, 0)], ct: Ct);
            Assert.Equal(0.5, Assert.Single((await store.GetRunAsync(runId, Ct)).Data.Metrics).Value);
        }
        Assert.Equal(4096, await PageSizeAsync(file));
    }

    private static async Task<long> PageSizeAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size;";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    public void Dispose() => _dir.Dispose();
}
