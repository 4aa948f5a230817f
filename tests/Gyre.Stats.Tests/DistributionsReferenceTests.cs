using Gyre.Stats.Distributions;
using Gyre.Stats.Tests.Reference;

namespace Gyre.Stats.Tests;

/// <summary>Every case of distributions.json: norm, t, chi2, beta, kstwobign, kolmogorov/kolmogi, kstwo.</summary>
public sealed class DistributionsReferenceTests
{
    private const string File = "distributions.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipy(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var f = c.Function;
        var argName = c.HasIn("x") ? "x" : c.HasIn("q") ? "q" : c.HasIn("y") ? "y" : "p";
        var args = c.InDoubles(argName);
        Func<double, double> fn = Resolve(c, f);
        var expected = c.OutDoubles("values");
        var mpmath = c.HasOut("values_mpmath") ? c.OutDoubles("values_mpmath") : null;
        // kstwo / kstwobign / kolmogi: rel 1e-9 (README); scipy's t.ppf is itself only good to ~5e-9.
        var bulkRel = f.Contains("kstwo") || f.Contains("kolmog") ? 1e-9 : f.Contains(".t.ppf") ? 1e-8 : 1e-10;
        var failures = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var actual = fn(args[i]);
            var ok = Tolerance.CloseProbability(expected[i], actual, bulkRel)
                     || (mpmath is not null && Tolerance.CloseProbability(mpmath[i], actual, 1e-12))
                     // exact value 0 where scipy answers ~1e-16 (t.ppf(0.5)).
                     || (mpmath is not null && mpmath[i] == 0 && Math.Abs(actual) <= 1e-15);
            if (!ok)
                failures.Add($"{argName}={args[i]:R}: expected {expected[i]:R} (mpmath {(mpmath is null ? "-" : mpmath[i].ToString("R"))}), got {actual:R}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Func<double, double> Resolve(ReferenceCase c, string f)
    {
        double df = c.HasIn("df") ? c.InDouble("df") : 0;
        double a = c.HasIn("a") ? c.InDouble("a") : 0, b = c.HasIn("b") ? c.InDouble("b") : 0;
        var n = c.HasIn("n") ? (int)c.InDouble("n") : 0;
        var op = f[..f.IndexOf('(')];
        return op switch
        {
            "scipy.stats.norm.cdf" => NormalDistribution.Cdf,
            "scipy.stats.norm.sf" => NormalDistribution.Sf,
            "scipy.stats.norm.ppf" => NormalDistribution.Ppf,
            "scipy.stats.t.cdf" => x => StudentTDistribution.Cdf(x, df),
            "scipy.stats.t.sf" => x => StudentTDistribution.Sf(x, df),
            "scipy.stats.t.ppf" => q => StudentTDistribution.Ppf(q, df),
            "scipy.stats.chi2.cdf" => x => ChiSquaredDistribution.Cdf(x, df),
            "scipy.stats.chi2.sf" => x => ChiSquaredDistribution.Sf(x, df),
            "scipy.stats.chi2.ppf" => q => ChiSquaredDistribution.Ppf(q, df),
            "scipy.stats.beta.cdf" => x => BetaDistribution.Cdf(x, a, b),
            "scipy.stats.beta.sf" => x => BetaDistribution.Sf(x, a, b),
            "scipy.stats.beta.ppf" => q => BetaDistribution.Ppf(q, a, b),
            "scipy.stats.kstwobign.cdf" => KolmogorovDistribution.Cdf,
            "scipy.stats.kstwobign.sf" => KolmogorovDistribution.Sf,
            "scipy.stats.kstwobign.ppf" => KolmogorovDistribution.Ppf,
            "scipy.special.kolmogorov" => KolmogorovDistribution.Sf,
            "scipy.special.kolmogi" => KolmogorovDistribution.Isf,
            "scipy.stats.kstwo.sf" => x => KolmogorovSmirnovDistribution.Sf(x, n),
            "scipy.stats.kstwo.cdf" => x => KolmogorovSmirnovDistribution.Cdf(x, n),
            _ => throw new InvalidOperationException($"unknown function {f}"),
        };
    }
}
