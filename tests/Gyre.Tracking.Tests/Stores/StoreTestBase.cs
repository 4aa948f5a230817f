using Gyre.Core.Errors;
using Gyre.Tracking.Entities;
using Gyre.Tracking.Stores;

namespace Gyre.Tracking.Tests.Stores;

/// <summary>Shared plumbing for the store contract tests: each engine supplies fresh databases.</summary>
public abstract class StoreTestBase
{
    protected const string ArtifactRoot = "s3://bucket/mlruns";

    /// <summary>A URI of a fresh, empty database.</summary>
    protected abstract Task<string> NewDatabaseUriAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<SqlStore> OpenAsync(string? uri = null) =>
        await TrackingStoreFactory.OpenAsync(uri ?? await NewDatabaseUriAsync(), new TrackingStoreOptions { DefaultArtifactRoot = ArtifactRoot }, Ct);

    protected static async Task<GyreException> ThrowsGyre(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<GyreException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    protected static async Task<string> NewRunAsync(SqlStore store, string experimentId = "0", string? name = null, long? startTime = null) =>
        (await store.CreateRunAsync(experimentId, "alice", startTime ?? 1_000, null, name, Ct)).Info.RunId;
}
