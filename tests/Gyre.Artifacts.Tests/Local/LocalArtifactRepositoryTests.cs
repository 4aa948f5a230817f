using System.Text;
using Gyre.Artifacts.Local;

namespace Gyre.Artifacts.Tests.Local;

public sealed class LocalArtifactRepositoryTests : ArtifactRepositoryContract, IDisposable
{
    private readonly List<string> _roots = [];

    protected override IArtifactRepository CreateRepository()
    {
        var root = Directory.CreateTempSubdirectory("gyre-artifacts-").FullName;
        _roots.Add(root);
        return new LocalArtifactRepository(root);
    }

    [Fact]
    public async Task LeavesNoTemporaryFilesBehind()
    {
        var repo = (LocalArtifactRepository)CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("a/b.txt", new MemoryStream(Encoding.UTF8.GetBytes("x")), ct);
        await Assert.ThrowsAnyAsync<Exception>(() => repo.PutAsync("a/b.txt", new ThrowingStream(), ct));

        var files = Directory.GetFiles(repo.RootDirectory, "*", SearchOption.AllDirectories);
        Assert.Equal([Path.Combine(repo.RootDirectory, "a", "b.txt")], files);
    }

    [Fact]
    public async Task WritesUnderTheRootFolderOnDisk()
    {
        var repo = (LocalArtifactRepository)CreateRepository();
        await repo.PutAsync("x/y.txt", new MemoryStream("hello"u8.ToArray()), TestContext.Current.CancellationToken);
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(repo.RootDirectory, "x", "y.txt"), TestContext.Current.CancellationToken));
        Assert.StartsWith("file:///", repo.RootUri);
    }

    public void Dispose()
    {
        foreach (var root in _roots)
        {
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
            throw new IOException("boom");
    }
}
