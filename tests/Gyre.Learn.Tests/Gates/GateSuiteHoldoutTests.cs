using Gyre.Core.Errors;
using Gyre.Learn.Gates;

namespace Gyre.Learn.Tests.Gates;

public class GateSuiteHoldoutTests
{
    [Fact]
    public void TheHoldoutPathIsResolvedAgainstTheSuiteFilesFolder()
    {
        var folder = Directory.CreateTempSubdirectory("gyre-suite-").FullName;
        try
        {
            var path = Path.Combine(folder, "gates.yaml");
            File.WriteAllText(path, "holdout:\n  data: data/holdout.csv\n  target: churn\ngates:\n  - metric: accuracy\n    min: 0.8\n");
            var suite = GateSuite.Load(path);
            Assert.Equal(Path.Combine(folder, "data", "holdout.csv"), suite.Holdout!.DataPath);
            Assert.Equal("churn", suite.Holdout.Target);
            Assert.Null(GateSuite.Parse("gates:\n  - max_size_mb: 1\n").Holdout);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AHoldoutWithoutItsTargetIsRefused()
    {
        var error = Assert.Throws<GyreException>(() => GateSuite.Parse("holdout:\n  data: h.csv\ngates:\n  - max_size_mb: 1\n"));
        Assert.Contains("target", error.Message);
    }
}
