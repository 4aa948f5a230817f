using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests.S3;

public sealed class S3ArtifactRepositoryTests(S3rverFixture s3) : ArtifactRepositoryContract, IClassFixture<S3rverFixture>, IDisposable
{
    private readonly List<S3ArtifactRepository> _repositories = [];

    // Small multipart settings so the large-file tests exercise multipart uploads (5 MiB is S3's minimum part).
    // Small listing pages so listings and deletes must follow continuation tokens.
    private S3Settings SmallParts => s3.Settings with { MultipartThreshold = 5 * 1024 * 1024, MultipartPartSize = 5 * 1024 * 1024, ListPageSize = 3 };

    protected override IArtifactRepository CreateRepository()
    {
        var repo = new S3ArtifactRepository(S3rverFixture.Bucket, "runs/" + Guid.NewGuid().ToString("N"), SmallParts);
        _repositories.Add(repo);
        return repo;
    }

    [Fact]
    public async Task ListingAndDeletingFollowContinuationTokens()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        // 20 files and 4 folders with 3 keys per page: many pages, mixing files and common prefixes.
        for (var i = 0; i < 20; i++) await repo.PutAsync($"steps/{i:D3}.txt", new MemoryStream([1]), ct);
        for (var i = 0; i < 4; i++) await repo.PutAsync($"steps/dir{i}/x.bin", new MemoryStream([1, 2]), ct);

        var listed = await repo.ListAsync("steps", ct);
        Assert.Equal(24, listed.Count);
        Assert.Equal("steps/000.txt", listed[0].Path);
        Assert.Equal(20, listed.Count(e => !e.IsDir));
        Assert.Equal(["steps/dir0", "steps/dir1", "steps/dir2", "steps/dir3"], listed.Where(e => e.IsDir).Select(e => e.Path));

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
