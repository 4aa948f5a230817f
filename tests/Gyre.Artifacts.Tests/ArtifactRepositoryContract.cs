using System.Security.Cryptography;
using System.Text;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests;

/// <summary>What every artifact repository promises, run against each implementation.</summary>
public abstract class ArtifactRepositoryContract
{
    /// <summary>A fresh, empty repository; large-file tests expect a multipart threshold of at most 5 MiB.</summary>
    protected abstract IArtifactRepository CreateRepository();

    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private static async Task<string> ReadText(IArtifactRepository repo, string path)
    {
        await using var stream = await repo.OpenReadAsync(path, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WritesAndReadsBackNestedFiles()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("model/data/weights.bin", Text("weights"), ct);
        await repo.PutAsync("model/MLmodel", Text("flavors: {}"), ct);
        await repo.PutAsync("metrics.json", Text("{\"auc\":0.9}"), ct);

        Assert.Equal("weights", await ReadText(repo, "model/data/weights.bin"));
        Assert.Equal("flavors: {}", await ReadText(repo, "model/MLmodel"));
        Assert.True(await repo.FileExistsAsync("metrics.json", ct));
        Assert.False(await repo.FileExistsAsync("model", ct));
        Assert.False(await repo.FileExistsAsync("absent.txt", ct));
    }

    [Fact]
    public async Task ListsDirectChildrenWithSizesAndDirectoryFlags()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("model/data/weights.bin", Text("12345"), ct);
        await repo.PutAsync("model/MLmodel", Text("abc"), ct);
        await repo.PutAsync("metrics.json", Text("1234567"), ct);

        var root = await repo.ListAsync(null, ct);
        Assert.Equal([new ArtifactFileInfo("metrics.json", false, 7), new ArtifactFileInfo("model", true, null)], root);

        var model = await repo.ListAsync("model", ct);
        Assert.Equal([new ArtifactFileInfo("model/MLmodel", false, 3), new ArtifactFileInfo("model/data", true, null)], model);

        var data = await repo.ListAsync("model/data/", ct);
        Assert.Equal([new ArtifactFileInfo("model/data/weights.bin", false, 5)], data);

        Assert.Empty(await repo.ListAsync("nothing/here", ct));
    }

    [Fact]
    public async Task OverwriteReplacesContentAndSize()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("notes.txt", Text("a long first version"), ct);
        await repo.PutAsync("notes.txt", Text("short"), ct);

        Assert.Equal("short", await ReadText(repo, "notes.txt"));
        Assert.Equal([new ArtifactFileInfo("notes.txt", false, 5)], await repo.ListAsync("", ct));
    }

    [Fact]
    public async Task FailedWriteLeavesThePreviousFileIntact()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("model.onnx", Text("good model"), ct);

        // Fails after 7 MiB: past the multipart threshold, so S3 has started (and must abort) a multipart upload.
        await Assert.ThrowsAsync<IOException>(() => repo.PutAsync("model.onnx", new FailingStream(7 * 1024 * 1024), ct));

        Assert.Equal("good model", await ReadText(repo, "model.onnx"));
        Assert.Equal([new ArtifactFileInfo("model.onnx", false, 10)], await repo.ListAsync(null, ct));
    }

    [Fact]
    public async Task DeletesAFileOrADirectoryTreeButNotSiblingsSharingAPrefix()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        await repo.PutAsync("a/b/one.txt", Text("1"), ct);
        await repo.PutAsync("a/b/deep/two.txt", Text("2"), ct);
        await repo.PutAsync("a/bc.txt", Text("3"), ct);
        await repo.PutAsync("a/keep.txt", Text("4"), ct);

        await repo.DeleteAsync("a/keep.txt", ct);
        Assert.False(await repo.FileExistsAsync("a/keep.txt", ct));

        await repo.DeleteAsync("a/b", ct);
        Assert.Equal([new ArtifactFileInfo("a/bc.txt", false, 1)], await repo.ListAsync("a", ct));
        Assert.Empty(await repo.ListAsync("a/b", ct));

        await repo.DeleteAsync("never/existed", ct);
        await repo.DeleteAsync(null, ct);
        Assert.Empty(await repo.ListAsync(null, ct));
    }

    [Fact]
    public async Task ReadingAMissingFileIsNotFound()
    {
        var repo = CreateRepository();
        var error = await Assert.ThrowsAsync<GyreException>(() => repo.OpenReadAsync("missing/file.txt", TestContext.Current.CancellationToken));
        Assert.Equal(ErrorCode.RESOURCE_DOES_NOT_EXIST, error.Code);
        Assert.Contains("missing/file.txt", error.Message);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b.txt")]
    [InlineData("a//b.txt")]
    [InlineData("./a.txt")]
    [InlineData("C:/windows/system.ini")]
    public async Task RejectsUnsafePathsEverywhere(string path)
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        var put = await Assert.ThrowsAsync<GyreException>(() => repo.PutAsync(path, Text("x"), ct));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, put.Code);
        Assert.Contains(path, put.Message);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, (await Assert.ThrowsAsync<GyreException>(() => repo.OpenReadAsync(path, ct))).Code);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, (await Assert.ThrowsAsync<GyreException>(() => repo.ListAsync(path, ct))).Code);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, (await Assert.ThrowsAsync<GyreException>(() => repo.DeleteAsync(path, ct))).Code);
        Assert.Empty(await repo.ListAsync(null, ct));
    }

    [Fact]
    public async Task StoresALargeFileByteForByte()
    {
        var repo = CreateRepository();
        var ct = TestContext.Current.CancellationToken;
        var data = new byte[12 * 1024 * 1024 + 12345];
        new Random(42).NextBytes(data);
        var local = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(local, data, ct);
            await repo.PutFileAsync("big/model.bin", local, ct);
        }
        finally
        {
            File.Delete(local);
        }

        Assert.Equal([new ArtifactFileInfo("big/model.bin", false, data.Length)], await repo.ListAsync("big", ct));
        await using var stream = await repo.OpenReadAsync("big/model.bin", ct);
        var readBack = new MemoryStream();
        await stream.CopyToAsync(readBack, ct);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(readBack.ToArray()));
    }

    /// <summary>A stream that yields zeros and then fails, like a dropped upload.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("connection dropped");
            var n = (int)Math.Min(count, failAfter - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
