using Gyre.Core.Errors;
using Gyre.Serving.Routing;

namespace Gyre.Serving.Tests;

public class TrafficSplitTests
{
    [Fact]
    public void StickyAssignmentIsStableAcrossInstances()
    {
        var first = new TrafficSplit(new Dictionary<string, double> { ["a"] = 50, ["b"] = 50 });
        var second = new TrafficSplit(new Dictionary<string, double> { ["b"] = 1, ["a"] = 1 });
        for (var user = 0; user < 1000; user++)
            Assert.Equal(first.PickFor($"user-{user}", "exp-1"), second.PickFor($"user-{user}", "exp-1"));
    }

    [Fact]
    public void HashedAssignmentMatchesTheSplitWithinStatisticalTolerance()
    {
        var split = new TrafficSplit(new Dictionary<string, double> { ["control"] = 0.8, ["treatment"] = 0.2 });
        const int users = 100_000;
        var treated = Enumerable.Range(0, users).Count(u => split.PickFor($"u{u}", "salt") == "treatment");
        // Binomial(100000, 0.2): sd = 126; 5 sd either side.
        Assert.InRange(treated, 20_000 - 632, 20_000 + 632);
    }

    [Fact]
    public void DifferentSaltsAssignIndependently()
    {
        var split = new TrafficSplit(new Dictionary<string, double> { ["a"] = 1, ["b"] = 1 });
        var same = Enumerable.Range(0, 10_000).Count(u => split.PickFor($"u{u}", "exp-1") == split.PickFor($"u{u}", "exp-2"));
        Assert.InRange(same, 5000 - 250, 5000 + 250); // about half agree when independent
    }

    [Fact]
    public void ZeroWeightVariantsGetNoTraffic()
    {
        var split = new TrafficSplit(new Dictionary<string, double> { ["a"] = 0, ["b"] = 3 });
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal("b", split.Pick(i / 1000.0)));
        Assert.Equal(1.0, split.Shares["b"]);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadWeightsAreRejected(double weight)
    {
        var error = Assert.Throws<GyreException>(() => new TrafficSplit(new Dictionary<string, double> { ["a"] = weight }));
        Assert.Contains("weights must be finite and non-negative", error.Message);
    }
}
