using Gyre.Stats.Descriptive;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;

namespace Gyre.Stats.TwoSample;

/// <summary>
/// Mann-Whitney U test as scipy.stats.mannwhitneyu (1.10): the statistic is always U1 (of the first sample),
/// with midranks for ties; exact null distribution by counting, or the normal approximation with tie
/// correction and optional continuity correction.
/// </summary>
public static class MannWhitneyUTest
{
    public static TestResult Test(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Alternative alternative = Alternative.TwoSided,
        MannWhitneyMethod method = MannWhitneyMethod.Auto, bool useContinuity = true)
    {
        Guard.NonEmptyFinite(x, "x");
        Guard.NonEmptyFinite(y, "y");
        int n1 = x.Length, n2 = y.Length;
        var pooled = new double[n1 + n2];
        x.CopyTo(pooled);
        y.CopyTo(pooled.AsSpan(n1));
        var ranks = Ranks.Average(pooled, out var tieTerm);
        var r1 = PairwiseSum.Sum(ranks.AsSpan(0, n1));
        var u1 = r1 - n1 * (n1 + 1) / 2.0;
        var u2 = (double)n1 * n2 - u1;
        var hasTies = tieTerm != 0;
        if (method == MannWhitneyMethod.Auto)
            method = (n1 > 8 && n2 > 8) || hasTies ? MannWhitneyMethod.Asymptotic : MannWhitneyMethod.Exact;

        double u, factor;
        switch (alternative)
        {
            case Alternative.Greater: u = u1; factor = 1; break;
            case Alternative.Less: u = u2; factor = 1; break;
            default: u = Math.Max(u1, u2); factor = 2; break;
        }

        double p;
        if (method == MannWhitneyMethod.Exact)
        {
            p = ExactSf((int)u, n1, n2);
        }
        else
        {
            double n = n1 + n2;
            var mu = (double)n1 * n2 / 2;
            var s = Math.Sqrt(n1 * (double)n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
            var numerator = u - mu;
            if (useContinuity) numerator -= 0.5;
            // every value tied: no ordering information at all
            p = s > 0 ? NormalDistribution.Sf(numerator / s) : 1.0 / factor;
        }
        p = Math.Clamp(p * factor, 0, 1);
        return new TestResult(u1, p);
    }

    /// <summary>P(U >= u) under the null for sample sizes n1, n2 without ties.</summary>
    private static double ExactSf(int u, int n1, int n2)
    {
        var pmf = ExactPmf(n1, n2);
        var max = n1 * n2;
        if (u <= 0) return 1;
        if (u > max) return 0;
        // Sum the smaller side for accuracy: P(U >= u) = P(U <= max - u) by symmetry.
        var k = max - u;
        double s = 0;
        for (var i = 0; i <= k; i++) s += pmf[i];
        return s;
    }

    /// <summary>Largest (min(n1, n2) + 1) * (n1 n2 + 1) table for which the exact null distribution is computed.</summary>
    public const long MaxExactTableSize = 5_000_000;

    // Null distribution of U: counts of arrangements c(n1, n2, u) = c(n1 - 1, n2, u - n2) + c(n1, n2 - 1, u),
    // normalised by binom(n1 + n2, n1). Two reused layers of (n2 + 1) rows.
    private static double[] ExactPmf(int n1, int n2)
    {
        // The null distribution is symmetric in the roles of the samples: keep the smaller one as n2 (fewer rows).
        if (n2 > n1) (n1, n2) = (n2, n1);
        if ((n2 + 1L) * ((long)n1 * n2 + 1) > MaxExactTableSize)
            throw Gyre.Core.Errors.GyreException.InvalidParameter(
                $"samples of {n1} and {n2} values are too large for the exact Mann-Whitney distribution; use the asymptotic method.");
        var max = n1 * n2;
        var prev = new double[n2 + 1][];
        var cur = new double[n2 + 1][];
        for (var j = 0; j <= n2; j++)
        {
            prev[j] = new double[max + 1];
            cur[j] = new double[max + 1];
            prev[j][0] = 1; // i = 0: only U = 0
        }
        for (var i = 1; i <= n1; i++)
        {
            Array.Clear(cur[0]);
            cur[0][0] = 1;
            for (var j = 1; j <= n2; j++)
            {
                var row = cur[j];
                var left = prev[j];
                var down = cur[j - 1];
                var top = i * j;
                for (var v = 0; v <= top; v++)
                {
                    var c = down[v];
                    if (v >= j) c += left[v - j];
                    row[v] = c;
                }
                Array.Clear(row, top + 1, max - top);
            }
            (prev, cur) = (cur, prev);
        }
        var counts = prev[n2];
        var total = Binomial.Coefficient(n1 + n2, n1);
        var pmf = new double[max + 1];
        for (var v = 0; v <= max; v++) pmf[v] = counts[v] / total;
        return pmf;
    }
}
