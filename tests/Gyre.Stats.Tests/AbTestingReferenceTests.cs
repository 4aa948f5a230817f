using Gyre.Stats.AbTesting;
using Gyre.Stats.MultipleTesting;
using Gyre.Stats.Sequential;
using Gyre.Stats.Tests.Reference;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>Every case of ab_testing.json: sample size, MDE, power, Cohen's h, multiple testing, SPRT, Welch and paired t.</summary>
public sealed class AbTestingReferenceTests
{
    private const string File = "ab_testing.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var f = c.Function;
        if (name.StartsWith("sample_size_statsmodels_cohens_h", StringComparison.Ordinal)) CohensHSampleSize(c);
        else if (name.StartsWith("sample_size_", StringComparison.Ordinal)) SampleSize(c);
        else if (name.StartsWith("mde_", StringComparison.Ordinal)) Mde(c);
        else if (f.Contains("NormalIndPower().power(", StringComparison.Ordinal))
            Tolerance.Probability(c.OutDouble("value"),
                NormalPower.Power(c.InDouble("effect_size"), c.InDouble("nobs1"), c.InDouble("alpha"), c.InDouble("ratio")), "power");
        else if (f.StartsWith("statsmodels.stats.proportion.proportion_effectsize", StringComparison.Ordinal))
            Tolerance.Statistic(c.OutDouble("value"), NormalPower.CohensH(c.InDouble("prop1"), c.InDouble("prop2")), "value");
        else if (f.StartsWith("statsmodels.stats.multitest.multipletests", StringComparison.Ordinal)) MultipleTests(c);
        else if (name.StartsWith("sprt_", StringComparison.Ordinal)) Sprt(c);
        else if (f.StartsWith("scipy.stats.ttest_ind", StringComparison.Ordinal))
            AssertT(c, TTest.Independent(c.InDoubles("control"), c.InDoubles("treatment"), equalVariances: false,
                TwoSampleReferenceTests.ParseAlternative(c.InString("alternative"))));
        else if (f.StartsWith("scipy.stats.ttest_rel", StringComparison.Ordinal))
            AssertT(c, TTest.Paired(c.InDoubles("shadow"), c.InDoubles("production"),
                TwoSampleReferenceTests.ParseAlternative(c.InString("alternative"))));
        else throw new InvalidOperationException($"unknown function {f}");
    }

    private static void AssertT(ReferenceCase c, TTestResult r)
    {
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
        Tolerance.Statistic(ReferenceFile.ToDouble(c.Out("derived").GetProperty("df")), r.DegreesOfFreedom, "df");
    }

    private static void SampleSize(ReferenceCase c)
    {
        double pa = c.InDouble("p_a"), delta = c.InDouble("delta"), alpha = c.InDouble("alpha"), power = c.InDouble("power");
        var baseline = ProportionSampleSize.PerGroup(pa, delta, alpha, power, PooledProportion.Baseline);
        Tolerance.Statistic(c.OutDouble("z_alpha_half"), baseline.ZAlphaHalf, "z_alpha_half");
        Tolerance.Statistic(c.OutDouble("z_beta"), baseline.ZBeta, "z_beta");
        Tolerance.Exact(c.OutDouble("pbar_baseline"), baseline.PooledProportion, "pbar_baseline");
        Tolerance.Statistic(c.OutDouble("n_unrounded_pbar_baseline"), baseline.Unrounded, "n_unrounded_pbar_baseline");
        Assert.Equal((long)c.OutDouble("n_ceil_pbar_baseline"), baseline.PerGroup);
        // Gyre's default (DECISIONS.md #1): pbar = mean of the two arms.
        var mean = ProportionSampleSize.PerGroup(pa, delta, alpha, power);
        Tolerance.Exact(c.OutDouble("pbar_mean"), mean.PooledProportion, "pbar_mean");
        Tolerance.Statistic(c.OutDouble("n_unrounded_pbar_mean"), mean.Unrounded, "n_unrounded_pbar_mean");
        Assert.Equal((long)c.OutDouble("n_ceil_pbar_mean"), mean.PerGroup);
    }

    private static void CohensHSampleSize(ReferenceCase c)
    {
        var r = NormalPower.SampleSizeForProportions(c.InDouble("p_a"), c.InDouble("p_b"), c.InDouble("alpha"), c.InDouble("power"));
        Tolerance.Equal(c.OutDouble("value"), r.Unrounded, 1e-6, 0, "value (statsmodels root finder)");
        Tolerance.Statistic(c.OutDouble("effect_size_h"), r.EffectSize, "effect_size_h");
        Assert.Equal((long)c.OutDouble("nobs1_ceil"), r.PerGroup);
        Tolerance.Statistic(c.OutDouble("closed_form_n_ignoring_far_tail"), r.ClosedFormIgnoringFarTail, "closed_form_n_ignoring_far_tail");
        // the power function at statsmodels' own solution
        Tolerance.Probability(c.OutDouble("power_at_solution"), NormalPower.Power(c.OutDouble("effect_size_h"), c.OutDouble("value"), c.InDouble("alpha")), "power_at_solution");
    }

    private static void Mde(ReferenceCase c)
    {
        var r = ProportionSampleSize.MinimumDetectableEffect((long)c.InDouble("n"), c.InDouble("pbar"), c.InDouble("alpha"), c.InDouble("power"));
        Tolerance.Statistic(c.OutDouble("z_alpha_half"), r.ZAlphaHalf, "z_alpha_half");
        Tolerance.Statistic(c.OutDouble("z_beta"), r.ZBeta, "z_beta");
        Tolerance.Statistic(c.OutDouble("mde"), r.Absolute, "mde");
        Tolerance.Statistic(c.OutDouble("mde_relative_to_pbar"), r.RelativeToPooled, "mde_relative_to_pbar");
    }

    private static void MultipleTests(ReferenceCase c)
    {
        var method = c.InString("method") switch
        {
            "bonferroni" => CorrectionMethod.Bonferroni,
            "holm" => CorrectionMethod.Holm,
            "fdr_bh" => CorrectionMethod.BenjaminiHochberg,
            var m => throw new FormatException(m),
        };
        var r = MultipleTestingCorrection.Apply(c.InDoubles("pvals"), c.InDouble("alpha"), method);
        Assert.Equal(c.Out("reject").EnumerateArray().Select(e => e.GetBoolean()).ToArray(), r.Reject);
        var corrected = c.OutDoubles("pvals_corrected");
        for (var i = 0; i < corrected.Length; i++) Tolerance.Statistic(corrected[i], r.CorrectedPValues[i], $"pvals_corrected[{i}]");
        Tolerance.Statistic(c.OutDouble("alphacSidak"), r.AlphaSidak, "alphacSidak");
        Tolerance.Statistic(c.OutDouble("alphacBonf"), r.AlphaBonferroni, "alphacBonf");
    }

    private static void Sprt(ReferenceCase c)
    {
        var sprt = new WaldSprt(c.InDouble("e0"), c.InDouble("e1"), c.InDouble("alpha"), c.InDouble("beta"));
        Tolerance.Statistic(c.OutDouble("log_ratio_success"), sprt.LogRatioSuccess, "log_ratio_success");
        Tolerance.Statistic(c.OutDouble("log_ratio_failure"), sprt.LogRatioFailure, "log_ratio_failure");
        Tolerance.Statistic(c.OutDouble("A"), sprt.UpperBoundary, "A");
        Tolerance.Statistic(c.OutDouble("B"), sprt.LowerBoundary, "B");
        var x = c.InDoubles("x").Select(v => (int)v).ToArray();
        var r = sprt.Run(x);
        var cum = c.OutDoubles("successes_cumulative");
        var llr = c.OutDoubles("llr");
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal((long)cum[i], r.SuccessesCumulative[i]);
            Tolerance.Statistic(llr[i], r.LogLikelihoodRatios[i], $"llr[{i}]");
        }
        var expectedDecision = c.Out("decision").ValueKind == System.Text.Json.JsonValueKind.Null ? "continue" : c.Out("decision").GetString();
        var decision = r.Decision switch
        {
            SprtDecision.AcceptAlternative => "accept_H1",
            SprtDecision.AcceptNull => "accept_H0",
            _ => "continue",
        };
        Assert.Equal(expectedDecision, decision);
        if (c.HasOut("decision_index"))
        {
            Assert.Equal((int)c.OutDouble("decision_index"), r.DecisionIndex);
            Assert.Equal((int)c.OutDouble("observations_used"), r.DecisionIndex + 1);
        }
        // Streaming use reaches the same decision at the same observation.
        var streaming = new WaldSprt(c.InDouble("e0"), c.InDouble("e1"), c.InDouble("alpha"), c.InDouble("beta"));
        var used = 0;
        foreach (var v in x)
        {
            used++;
            if (streaming.Observe(v == 1) != SprtDecision.Continue) break;
        }
        Assert.Equal(r.Decision, streaming.Decision);
        if (r.DecisionIndex is { } idx) Assert.Equal(idx + 1, used);
    }
}
