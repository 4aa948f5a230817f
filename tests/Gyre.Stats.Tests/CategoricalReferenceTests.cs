using System.Text.Json;
using Gyre.Stats.Categorical;
using Gyre.Stats.Tests.Reference;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Tests;

/// <summary>Every case of categorical.json.</summary>
public sealed class CategoricalReferenceTests
{
    private const string File = "categorical.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipyAndStatsmodels(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var op = c.Function[..c.Function.IndexOf('(')];
        switch (op)
        {
            case "scipy.stats.chi2_contingency": Contingency(c); break;
            case "scipy.stats.chisquare": GoodnessOfFit(c, DivergenceStatistic.Pearson); break;
            case "scipy.stats.power_divergence": GoodnessOfFit(c, DivergenceStatistic.LogLikelihood); break;
            case "scipy.stats.fisher_exact": Fisher(c); break;
            case "statsmodels.stats.proportion.proportions_ztest": ProportionsZ(c); break;
            default: throw new InvalidOperationException($"unknown function {c.Function}");
        }
    }

    private static double[,] Table(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(ReferenceFile.ToDoubles).ToArray();
        var t = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < rows[0].Length; j++) t[i, j] = rows[i][j];
        return t;
    }

    private static void Contingency(ReferenceCase c)
    {
        var statistic = c.HasIn("lambda_") && c.InString("lambda_") == "log-likelihood" ? DivergenceStatistic.LogLikelihood : DivergenceStatistic.Pearson;
        var r = ChiSquareTest.Contingency(Table(c.In("observed")), c.In("correction").GetBoolean(), statistic);
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
        Assert.Equal((int)c.OutDouble("dof"), r.DegreesOfFreedom);
        var expected = Table(c.Out("expected"));
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
                Tolerance.Statistic(expected[i, j], r.Expected[i, j], $"expected[{i},{j}]");
    }

    private static void GoodnessOfFit(ReferenceCase c, DivergenceStatistic statistic)
    {
        var fExp = c.HasIn("f_exp") ? c.InDoubles("f_exp") : [];
        var ddof = c.HasIn("ddof") ? (int)c.InDouble("ddof") : 0;
        var r = ChiSquareTest.GoodnessOfFit(c.InDoubles("f_obs"), fExp, ddof, statistic);
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
    }

    private static void Fisher(ReferenceCase c)
    {
        var t = Table(c.In("table"));
        var r = FisherExactTest.Test((long)t[0, 0], (long)t[0, 1], (long)t[1, 0], (long)t[1, 1],
            TwoSampleReferenceTests.ParseAlternative(c.InString("alternative")));
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
    }

    private static void ProportionsZ(ReferenceCase c)
    {
        var count = c.InDoubles("count");
        var nobs = c.InDoubles("nobs");
        var alternative = c.InString("alternative") switch
        {
            "two-sided" => Alternative.TwoSided,
            "larger" => Alternative.Greater,
            "smaller" => Alternative.Less,
            var a => throw new FormatException(a),
        };
        var r = TwoProportionZTest.Test((long)count[0], (long)nobs[0], (long)count[1], (long)nobs[1], alternative);
        Tolerance.Statistic(c.OutDouble("statistic"), r.Statistic);
        Tolerance.Probability(c.OutDouble("pvalue"), r.PValue);
    }
}
