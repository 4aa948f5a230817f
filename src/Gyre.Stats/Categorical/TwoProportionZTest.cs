using Gyre.Core.Errors;
using Gyre.Stats.Distributions;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Categorical;

/// <summary>
/// Two-sample z-test for proportions with pooled variance (statsmodels proportions_ztest). "Greater"
/// (statsmodels' "larger") means the first proportion is larger.
/// </summary>
public static class TwoProportionZTest
{
    public static TestResult Test(long successes1, long trials1, long successes2, long trials2, Alternative alternative = Alternative.TwoSided)
    {
        if (trials1 <= 0 || trials2 <= 0) throw GyreException.InvalidParameter("numbers of trials must be positive.");
        if (successes1 < 0 || successes1 > trials1 || successes2 < 0 || successes2 > trials2)
            throw GyreException.InvalidParameter("successes must be between 0 and the number of trials.");
        var p1 = (double)successes1 / trials1;
        var p2 = (double)successes2 / trials2;
        var diff = p1 - p2;
        var pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        var nobsFactor = 1.0 / trials1 + 1.0 / trials2;
        var variance = pooled * (1 - pooled) * nobsFactor;
        if (!(variance > 0)) throw GyreException.InvalidParameter("the pooled proportion is 0 or 1, so the z statistic is undefined.");
        var z = diff / Math.Sqrt(variance);
        var p = alternative switch
        {
            Alternative.Greater => NormalDistribution.Sf(z),
            Alternative.Less => NormalDistribution.Cdf(z),
            _ => NormalDistribution.Sf(Math.Abs(z)) * 2,
        };
        return new TestResult(z, p);
    }
}
