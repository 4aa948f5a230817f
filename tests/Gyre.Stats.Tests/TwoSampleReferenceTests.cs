using Gyre.Stats.Tests.Reference;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>Every case of two_sample.json.</summary>
public sealed class TwoSampleReferenceTests
{
    private const string File = "two_sample.json";

    // Interim: functions implemented so far (the rest of the file lands in the next commits).
    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var (name, c) in ReferenceFile.Load(File))
                if (c.Function.StartsWith("scipy.stats.ks_2samp(", StringComparison.Ordinal)) data.Add(name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipy(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var op = c.Function[..c.Function.IndexOf('(')];
        switch (op)
        {
            case "scipy.stats.ks_2samp": KolmogorovSmirnov(c); break;
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
}
