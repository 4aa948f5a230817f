using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests.S3;

public sealed class S3ArtifactRepositoryTests(S3rverFixture s3) : ArtifactRepositoryContract, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly List<S3ArtifactRepository> _repositories = [];

    // Small multipart settings so the large-file tests exercise multipart uploads (5 MiB is S3's minimum part).
    private S3Settings SmallParts => s3.Settings with { MultipartThreshold = 5 * 1024 * 1024, MultipartPartSize = 5 * 1024 * 1024 };

    protected override IArtifactRepository CreateRepository()
    {
        var repo = new S3ArtifactRepository(S3rverFixture.Bucket, "runs/" + Guid.NewGuid().ToString("N"), SmallParts);
        _repositories.Add(repo);
        return repo;
    }

    [Fact]
    public async Task ListingFollowsPaginationPastOneThousandKeys()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        // 1005 keys: more than one ListObjectsV2 page (1000), written concurrently to keep the test quick.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await repo.PutAsync($"steps/{i:D5}.txt", new MemoryStream([1]), token));

        var listed = await repo.ListAsync("steps", ct);
        Assert.Equal(1005, listed.Count);
        Assert.Equal("steps/00000.txt", listed[0].Path);
        Assert.Equal("steps/01004.txt", listed[^1].Path);

        await repo.DeleteAsync("steps", ct);
        Assert.Empty(await repo.ListAsync("steps", ct));
    }

    [Fact]
    public async Task AMissingBucketIsNotFound()
    {
        using var repo = new S3ArtifactRepository("no-such-bucket", "x", s3.Settings);
        var error = await Assert.ThrowsAsync<GyreException>(() => repo.OpenReadAsync("a.txt", TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, error.Code);
    }

    [Fact]
    public async Task RepositoriesWithDifferentPrefixesDoNotSeeEachOther()
    {
        var first = CreateRepository();
        var second = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await first.PutAsync("a.txt", new MemoryStream([1, 2]), ct);
        Assert.Empty(await second.ListAsync(null, ct));
        await second.DeleteAsync(null, ct);
        Assert.True(await first.FileExistsAsync("a.txt", ct));
    }

    public void Dispose()
    {
        foreach (var repo in _repositories) repo.Dispose();
    }
}
