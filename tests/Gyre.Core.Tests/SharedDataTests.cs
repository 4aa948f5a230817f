using Gyre.Core.Testing;

namespace Gyre.Core.Tests;

public class SharedDataTests
{
    [Fact]
    public void FindsTheReferenceFolderBesideTheRepository()
    {
        Assert.True(File.Exists(SharedData.PathOf("reference", "stats", "README.md")));
    }
}
