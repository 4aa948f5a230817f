using Gyre.Core.Errors;
using Gyre.Stats.Bandits;

namespace Gyre.Stats.Tests;

/// <summary>Behaviour of the bandit samplers (no reference exists): they find the better arm and replay from a seed.</summary>
public sealed class BanditTests
{
    private static readonly double[] ArmRates = [0.05, 0.10, 0.25];

    private static long[] Simulate(IBanditSampler sampler, Random environment, int rounds)
    {
        for (var t = 0; t < rounds; t++)
        {
            var arm = sampler.SelectArm();
            sampler.Update(arm, environment.NextDouble() < ArmRates[arm] ? 1 : 0);
        }
        return sampler.Pulls.ToArray();
    }

    [Fact]
    public void ThompsonSamplingSendsMostTrafficToTheBestArm()
    {
        var pulls = Simulate(new ThompsonSampler(3, new Random(7)), new Random(11), 3000);
        Assert.Equal(3000, pulls.Sum());
        Assert.True(pulls[2] > 0.8 * 3000, $"best arm got {pulls[2]} of 3000 pulls ({string.Join(", ", pulls)})");
        Assert.True(pulls[0] > 0 && pulls[1] > 0, "every arm is explored");
    }

    [Fact]
    public void EpsilonGreedySendsMostTrafficToTheBestArm()
    {
        var pulls = Simulate(new EpsilonGreedySampler(3, 0.1, new Random(7)), new Random(11), 3000);
        Assert.True(pulls[2] > 0.75 * 3000, $"best arm got {pulls[2]} of 3000 pulls ({string.Join(", ", pulls)})");
        // exploration keeps pulling the others at about epsilon / arms each
        Assert.True(pulls[0] >= 50 && pulls[1] >= 50, string.Join(", ", pulls));
    }

    [Fact]
    public void SamplersReplayExactlyFromTheSameSeed()
    {
        Assert.Equal(Simulate(new ThompsonSampler(3, new Random(42)), new Random(1), 500),
            Simulate(new ThompsonSampler(3, new Random(42)), new Random(1), 500));
        Assert.Equal(Simulate(new EpsilonGreedySampler(3, 0.2, new Random(42)), new Random(1), 500),
            Simulate(new EpsilonGreedySampler(3, 0.2, new Random(42)), new Random(1), 500));
    }

    [Fact]
    public void ThompsonPosteriorCountsSuccessesAndFailures()
    {
        var s = new ThompsonSampler(2, new Random(1), priorAlpha: 1, priorBeta: 1);
        s.Update(0, 1);
        s.Update(0, 1);
        s.Update(0, 0);
        Assert.Equal((3.0, 2.0), s.Posterior(0));
        Assert.Equal((1.0, 1.0), s.Posterior(1));
    }

    [Fact]
    public void EpsilonZeroIsPureExploitationAfterEachArmIsTried()
    {
        var s = new EpsilonGreedySampler(2, 0.0, new Random(3));
        var first = s.SelectArm();
        s.Update(first, 0);
        var second = s.SelectArm();
        Assert.NotEqual(first, second); // the untried arm comes next
        s.Update(second, 1);
        for (var i = 0; i < 20; i++) Assert.Equal(second, s.SelectArm());
    }

    [Fact]
    public void RejectsInvalidArguments()
    {
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => new ThompsonSampler(0, new Random(1))).Code);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, Assert.Throws<GyreException>(() => new EpsilonGreedySampler(2, 1.5, new Random(1))).Code);
        var t = new ThompsonSampler(2, new Random(1));
        Assert.Throws<GyreException>(() => t.Update(2, 1));
        Assert.Throws<GyreException>(() => t.Update(0, 2));
        var e = new EpsilonGreedySampler(2, 0.1, new Random(1));
        Assert.Throws<GyreException>(() => e.Update(-1, 1));
        Assert.Throws<GyreException>(() => e.Update(0, double.NaN));
    }

    [Fact]
    public void GaussianPosteriorIsTheConjugateNormalUpdate()
    {
        // prior N(0, 1); rewards 1, 2, 3 have sample variance 1, so precision = 1/1 + 3/1 = 4 and mean = (0 + 6) / 4
        var s = new GaussianThompsonSampler(2, new Random(1), priorMean: 0, priorVariance: 1);
        foreach (var reward in new[] { 1.0, 2.0, 3.0 }) s.Update(0, reward);
        var (mean, variance) = s.Posterior(0);
        Assert.Equal(1.5, mean, 12);
        Assert.Equal(0.25, variance, 12);
        Assert.Equal((0.0, 1.0), s.Posterior(1));
    }

    [Fact]
    public void GaussianThompsonSamplingFindsTheArmWithTheHigherMeanReward()
    {
        double[] means = [1.0, 1.3];
        var sampler = new GaussianThompsonSampler(2, new Random(5));
        var environment = new Random(9);
        for (var t = 0; t < 2000; t++)
        {
            var arm = sampler.SelectArm();
            sampler.Update(arm, means[arm] + 0.5 * MathNet.Numerics.Distributions.Normal.Sample(environment, 0, 1));
        }
        Assert.True(sampler.Pulls[1] > 0.85 * 2000, $"better arm got {sampler.Pulls[1]} of 2000 pulls");
    }

    [Fact]
    public void GaussianRestoreResumesWhereUpdatesLeftOff()
    {
        var updated = new GaussianThompsonSampler(1, new Random(1));
        foreach (var reward in new[] { 0.5, 1.5, 4.0 }) updated.Update(0, reward);
        var restored = new GaussianThompsonSampler(1, new Random(1));
        restored.Restore(0, pulls: 3, sum: 6.0, sumSquares: 0.25 + 2.25 + 16.0);
        Assert.Equal(updated.Posterior(0), restored.Posterior(0));
        Assert.Throws<GyreException>(() => restored.Restore(0, -1, 0, 0));
        Assert.Throws<GyreException>(() => restored.Update(0, double.PositiveInfinity));
        Assert.Throws<GyreException>(() => new GaussianThompsonSampler(2, new Random(1), priorVariance: 0));
    }
}
