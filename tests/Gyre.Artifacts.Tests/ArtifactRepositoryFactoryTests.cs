using Gyre.Artifacts.Local;
using Gyre.Artifacts.S3;
using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests;

public class ArtifactRepositoryFactoryTests
{
    [Fact]
    public void FileUrisAndPlainPathsAreLocalFolders()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gyre-factory-test");
        var fromUri = Assert.IsType<LocalArtifactRepository>(ArtifactRepositoryFactory.Create(new Uri(folder).AbsoluteUri));
        var fromPath = Assert.IsType<LocalArtifactRepository>(ArtifactRepositoryFactory.Create(folder));
        Assert.Equal(Path.GetFullPath(folder), fromUri.RootDirectory);
        Assert.Equal(Path.GetFullPath(folder), fromPath.RootDirectory);
    }

    [Fact]
    public void S3UrisNameBucketAndPrefix()
    {
        var settings = new S3Settings { EndpointUrl = new Uri("http://127.0.0.1:1"), AccessKeyId = "k", SecretAccessKey = "s" };
        using var repo = Assert.IsType<S3ArtifactRepository>(ArtifactRepositoryFactory.Create("s3://models/team/churn/", settings));
        Assert.Equal("models", repo.Bucket);
        Assert.Equal("team/churn", repo.Prefix);
        Assert.Equal("s3://models/team/churn", repo.RootUri);
    }

    [Theory]
    [InlineData("ftp://host/path")]
    [InlineData("s3:///prefix")]
    [InlineData("")]
    public void RejectsUnsupportedLocations(string uri)
    {
        var settings = new S3Settings { EndpointUrl = new Uri("http://127.0.0.1:1") };
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => ArtifactRepositoryFactory.Create(uri, settings)).Code);
    }
}
