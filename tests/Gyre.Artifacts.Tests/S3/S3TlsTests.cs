using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests.S3;

/// <summary>MLFLOW_S3_IGNORE_TLS against an S3-compatible server with a self-signed certificate.</summary>
public sealed class S3TlsTests(S3rverTlsFixture s3) : IClassFixture<S3rverTlsFixture>
{
    [Fact]
    public async Task A_self_signed_server_is_refused_unless_TLS_checks_are_switched_off()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var strict = new S3ArtifactRepository(S3rverFixture.Bucket, "tls", s3.Settings with { IgnoreTls = false, MaxRetries = 0 }))
        {
            var error = await Assert.ThrowsAsync<GyreException>(() => strict.PutAsync("a.txt", new MemoryStream([1, 2, 3]), ct));
            Assert.Equal(ErrorCode.TEMPORARILY_UNAVAILABLE, error.Code);
        }

        using var relaxed = new S3ArtifactRepository(S3rverFixture.Bucket, "tls", s3.Settings with { IgnoreTls = true });
        await relaxed.PutAsync("a.txt", new MemoryStream([1, 2, 3]), ct);
        Assert.Equal([new ArtifactFileInfo("a.txt", false, 3)], await relaxed.ListAsync(null, ct));
    }
}
