using Gyre.Core.Errors;

namespace Gyre.Artifacts.Tests;

public class ArtifactPathTests
{
    [Theory]
    [InlineData("model/MLmodel", "model/MLmodel")]
    [InlineData("model/", "model")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a..b/c.txt", "a..b/c.txt")]
    public void AcceptsRelativePaths(string? input, string expected)
    {
        Assert.Equal(expected, ArtifactPath.Validate(input));
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    [InlineData("a//b")]
    [InlineData("s3://bucket/key")]
    [InlineData("a\0b")]
    public void RejectsUnsafePaths(string input)
    {
        var error = Assert.Throws<GyreException>(() => ArtifactPath.Validate(input));
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, error.Code);
    }

    [Fact]
    public void AFilePathMustNotBeEmpty()
    {
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => ArtifactPath.ValidateFile("")).Code);
    }
}
