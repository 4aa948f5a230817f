using Gyre.Stats.Tests.Reference;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>Every case of two_sample.json.</summary>
public sealed class TwoSampleReferenceTests
{
    private const string File = "two_sample.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipy(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var op = c.Function[..c.Function.IndexOf('(')];
        switch (op)
        {
            case "scipy.stats.ks_2samp": KolmogorovSmirnov(c); break;
            case "scipy.stats.anderson_ksamp": AndersonDarling(c); break;
            case "scipy.stats.cramervonmises_2samp": CramerVonMises(c); break;
            case "scipy.stats.mannwhitneyu": MannWhitney(c); break;
            case "scipy.stats.ttest_ind": TTestIndependent(c); break;
            case "scipy.stats.ttest_rel": TTestPaired(c); break;
            case "scipy.stats.wasserstein_distance": Wasserstein(c); break;
            case "scipy.stats.energy_distance": Energy(c); break;
            case "scipy.stats.epps_singleton_2samp": EppsSingleton(c); break;
            default: throw new InvalidOperationException($"unknown function {c.Function}");
        }
    }

    internal static Alternative ParseAlternative(string s) => s switch
    {
        "two-sided" => Alternative.TwoSided,
        "less" => Alternative.Less,
        "greater" => Alternative.Greater,
        _ => throw new FormatException(s),
    };

    private static void KolmogorovSmirnov(ReferenceCase c)
    {
        var method = c.InString("method") switch
        {
            "auto" => KolmogorovSmirnovMethod.Auto,
            "exact" => KolmogorovSmirnovMethod.Exact,
            "asymp" => KolmogorovSmirnovMethod.Asymptotic,
            var m => throw new FormatException(m),
        };
        var r = KolmogorovSmirnovTest.TwoSample(c.InDoubles("a"), c.InDoubles("b"), ParseAlternative(c.InString("alternative")), method);
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue, bulkRel: 1e-9);
        Tolerance.Exact(c.OutDouble("statistic_location"), r.StatisticLocation, "statistic_location");
        Assert.Equal((int)c.OutDouble("statistic_sign"), r.StatisticSign);
        var expectedWarnings = c.HasOut("warnings") ? c.Out("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray() : [];
        Assert.Equal(expectedWarnings, r.Warnings);
    }

    private static void AndersonDarling(ReferenceCase c)
    {
        var r = AndersonDarlingKSampleTest.Test([c.InDoubles("a"), c.InDoubles("b")], c.In("midrank").GetBoolean());
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        var critical = c.OutDoubles("critical_values");
        Assert.Equal(critical.Length, r.CriticalValues.Count);
        for (var i = 0; i < critical.Length; i++) Tolerance.Statistic(critical[i], r.CriticalValues[i], $"critical_values[{i}]");
        Tolerance.Equal(c.OutDouble("significance_level"), r.SignificanceLevel, 1e-9, 1e-15, "significance_level");
        var expectedWarnings = c.HasOut("warnings") ? c.Out("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray() : [];
        Assert.Equal(expectedWarnings, r.Warnings);
    }

    private static void CramerVonMises(ReferenceCase c)
    {
        var method = c.InString("method") switch
        {
            "auto" => CramerVonMisesMethod.Auto,
            "exact" => CramerVonMisesMethod.Exact,
            "asymptotic" => CramerVonMisesMethod.Asymptotic,
            var m => throw new FormatException(m),
        };
        var r = CramerVonMisesTest.TwoSample(c.InDoubles("x"), c.InDoubles("y"), method);
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        var x = c.InDoubles("x");
        var y = c.InDoubles("y");
        var exact = method == CramerVonMisesMethod.Exact || (method == CramerVonMisesMethod.Auto && Math.Max(x.Length, y.Length) <= 20);
        // exact p-values are ratios of path counts; the asymptotic series is truncated at terms < 1e-7 (README: rel 1e-7).
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue, bulkRel: exact ? 1e-10 : 1e-7);
    }

    private static void MannWhitney(ReferenceCase c)
    {
        var method = c.InString("method") switch
        {
            "auto" => MannWhitneyMethod.Auto,
            "exact" => MannWhitneyMethod.Exact,
            "asymptotic" => MannWhitneyMethod.Asymptotic,
            var m => throw new FormatException(m),
        };
        var r = MannWhitneyUTest.Test(c.InDoubles("x"), c.InDoubles("y"), ParseAlternative(c.InString("alternative")), method,
            c.In("use_continuity").GetBoolean());
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
    }

    private static void TTestIndependent(ReferenceCase c)
    {
        var r = TTest.Independent(c.InDoubles("a"), c.InDoubles("b"), c.In("equal_var").GetBoolean(), ParseAlternative(c.InString("alternative")));
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
        if (c.HasOut("derived") && c.Out("derived").TryGetProperty("df", out var df))
            Tolerance.Statistic(ReferenceFile.ToDouble(df), r.DegreesOfFreedom, "df");
    }

    private static void TTestPaired(ReferenceCase c)
    {
        var r = TTest.Paired(c.InDoubles("a"), c.InDoubles("b"), ParseAlternative(c.InString("alternative")));
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
    }

    private static void Wasserstein(ReferenceCase c)
    {
        var value = c.HasIn("u_weights")
            ? CdfDistance.Wasserstein(c.InDoubles("u_values"), c.InDoubles("v_values"), c.InDoubles("u_weights"), c.InDoubles("v_weights"))
            : CdfDistance.Wasserstein(c.InDoubles("u_values"), c.InDoubles("v_values"));
        Tolerance.Statistic(c.OutDouble("value"), value, "value");
    }

    private static void Energy(ReferenceCase c)
    {
        var value = c.HasIn("u_weights")
            ? CdfDistance.Energy(c.InDoubles("u_values"), c.InDoubles("v_values"), c.InDoubles("u_weights"), c.InDoubles("v_weights"))
            : CdfDistance.Energy(c.InDoubles("u_values"), c.InDoubles("v_values"));
        Tolerance.Statistic(c.OutDouble("value"), value, "value");
    }

    private static void EppsSingleton(ReferenceCase c)
    {
        var r = EppsSingletonTest.TwoSample(c.InDoubles("x"), c.InDoubles("y"));
        Tolerance.Equal(c.OutDouble("statistic"), r.Statistic, 1e-7, 0, "statistic");
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue, bulkRel: 1e-7);
    }
}
