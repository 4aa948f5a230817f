using Gyre.Core.Errors;
using Gyre.Stats.AbTesting;
using Gyre.Stats.Categorical;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Distributions;
using Gyre.Stats.Divergences;
using Gyre.Stats.MultipleTesting;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>Bad input is a user-facing INVALID_PARAMETER_VALUE error with a message naming the input, never a NaN verdict.</summary>
public sealed class InvalidInputTests
{
    private static readonly double[] Good = [0.1, 0.5, 0.9, 1.3, 2.0];

    public static TheoryData<string> Cases => new(Calls.Keys);

    private static readonly Dictionary<string, (Action Call, string MessagePart)> Calls = new()
    {
        ["normal ppf probability above 1"] = (() => NormalDistribution.Ppf(1.5), "q must be a probability"),
        ["t cdf zero df"] = (() => StudentTDistribution.Cdf(1.0, 0), "df"),
        ["chi2 sf NaN"] = (() => ChiSquaredDistribution.Sf(double.NaN, 3), "x"),
        ["beta ppf negative shape"] = (() => BetaDistribution.Ppf(0.5, -1, 2), "a"),
        ["kolmogi probability below 0"] = (() => KolmogorovDistribution.Isf(-0.1), "p"),
        ["kstwo n zero"] = (() => KolmogorovSmirnovDistribution.Sf(0.1, 0), "n"),
        ["ks empty sample"] = (() => KolmogorovSmirnovTest.TwoSample([], Good), "a must not be empty"),
        ["ks NaN"] = (() => KolmogorovSmirnovTest.TwoSample(Good, [1, double.NaN]), "b[1]"),
        ["ks presorted not sorted"] = (() => KolmogorovSmirnovTest.TwoSampleSorted([2, 1], Good), "sorted"),
        ["wasserstein infinity"] = (() => CdfDistance.Wasserstein(Good, [double.PositiveInfinity]), "v_values[0]"),
        ["wasserstein weights length"] = (() => CdfDistance.Wasserstein(Good, Good, [1, 1], Good), "u_weights"),
        ["paired t mismatched lengths"] = (() => TTest.Paired(Good, [1, 2]), "same length"),
        ["welch t constant samples"] = (() => TTest.Independent([1, 1, 1], [2, 2, 2]), "zero variance"),
        ["mann-whitney exact too large"] = (() => MannWhitneyUTest.Test(Enumerable.Range(0, 1000).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, 1000).Select(i => i + 0.5).ToArray(), method: MannWhitneyMethod.Exact), "asymptotic"),
        ["mann-whitney empty"] = (() => MannWhitneyUTest.Test(Good, []), "y must not be empty"),
        ["kl mismatched lengths"] = (() => DistributionDistance.KullbackLeibler([0.5, 0.5], [1.0]), "same length"),
        ["kl negative weight"] = (() => DistributionDistance.KullbackLeibler([0.5, -0.5], [0.5, 0.5]), "p[1]"),
        ["jsd zero vector"] = (() => DistributionDistance.JensenShannonDistance([0, 0], [0.5, 0.5]), "positive sum"),
        ["psi zero bins"] = (() => PopulationStabilityIndex.Compute(Good, Good, 0), "bins"),
        ["chisquare sums differ"] = (() => ChiSquareTest.GoodnessOfFit([10, 20], [10, 10]), "same sum"),
        ["contingency zero column"] = (() => ChiSquareTest.Contingency(new double[,] { { 1, 0 }, { 2, 0 } }), "zero"),
        ["contingency negative count"] = (() => ChiSquareTest.Contingency(new double[,] { { 1, -1 }, { 2, 3 } }), "observed[0,1]"),
        ["fisher negative"] = (() => FisherExactTest.Test(1, -1, 2, 3), "non-negative"),
        ["proportions successes above trials"] = (() => TwoProportionZTest.Test(11, 10, 5, 10), "successes"),
        ["sample size probability above 1"] = (() => ProportionSampleSize.PerGroup(1.2, 0.01), "p_a"),
        ["sample size alpha outside (0,1)"] = (() => ProportionSampleSize.PerGroup(0.1, 0.02, alpha: 0), "alpha"),
        ["power negative n"] = (() => NormalPower.Power(0.2, -5), "nobs1"),
        ["multipletests p above 1"] = (() => MultipleTestingCorrection.Apply([0.01, 1.5]), "pvals[1]"),
        ["percentile q above 100"] = (() => Percentile.Of(Good, 101), "q"),
        ["histogram decreasing edges"] = (() => Histogram.Compute(Good, [0.0, 2.0, 1.0]), "edges"),
        ["anderson one sample"] = (() => AndersonDarlingKSampleTest.Test([Good]), "two samples"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThrowsInvalidParameterValue(string name)
    {
        var (call, messagePart) = Calls[name];
        var e = Assert.Throws<GyreException>(call);
        Assert.Equal(ErrorCode.INVALID_PARAMETER_VALUE, e.Code);
        Assert.Contains(messagePart, e.Message);
    }
}
