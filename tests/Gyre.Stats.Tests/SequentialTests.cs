using Gyre.Core.Errors;
using Gyre.Stats.Sequential;

namespace Gyre.Stats.Tests;

/// <summary>Behaviour of the always-valid mSPRT (no reference exists) and SPRT argument checks.</summary>
public sealed class SequentialTests
{
    private static bool RejectsWithin(MixtureSprt test, Random rng, double rate, int maxObservations)
    {
        for (var i = 0; i < maxObservations; i++)
        {
            test.Observe(rng.NextDouble() < rate ? 1 : 0);
            if (test.RejectsNull) return true;
        }
        return false;
    }

    [Fact]
    public void MixtureSprtKeepsTypeOneErrorBelowAlphaUnderContinuousMonitoring()
    {
        var rng = new Random(20261122);
        var rejections = 0;
        const int runs = 300;
        for (var r = 0; r < runs; r++)
            if (RejectsWithin(MixtureSprt.ForBernoulli(0.1, mixingVariance: 0.001, alpha: 0.05), rng, 0.1, 3000)) rejections++;
        // peeking after every observation: a fixed-horizon z-test would reject far more often than alpha
        Assert.True(rejections <= runs * 0.05 + 3 * Math.Sqrt(runs * 0.05 * 0.95), $"{rejections} of {runs} null streams rejected");
    }

    [Fact]
    public void MixtureSprtDetectsARealEffect()
    {
        var rng = new Random(5);
        var detected = 0;
        for (var r = 0; r < 100; r++)
            if (RejectsWithin(MixtureSprt.ForBernoulli(0.1, mixingVariance: 0.001), rng, 0.15, 5000)) detected++;
        Assert.True(detected >= 90, $"detected {detected} of 100");
    }

    [Fact]
    public void MixtureSprtPValueNeverIncreases()
    {
        var test = MixtureSprt.ForBernoulli(0.5, 0.01);
        var rng = new Random(9);
        var previous = 1.0;
        for (var i = 0; i < 1000; i++)
        {
            var p = test.Observe(rng.NextDouble() < 0.5 ? 1 : 0);
            Assert.True(p <= previous);
            previous = p;
        }
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => new WaldSprt(0.1, 1.2)).Code);
        Assert.Throws<GyreException>(() => new WaldSprt(0.1, 0.1));
        Assert.Throws<GyreException>(() => new WaldSprt(0.1, 0.2).Run([0, 2]));
        Assert.Throws<GyreException>(() => MixtureSprt.ForBernoulli(1.5, 0.01));
        Assert.Throws<GyreException>(() => MixtureSprt.ForBernoulli(0.5, 0.01).Observe(double.NaN));
    }
}
