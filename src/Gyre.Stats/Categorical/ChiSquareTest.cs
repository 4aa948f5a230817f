using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Categorical;

/// <summary>
/// Chi-square and G tests: goodness of fit (scipy.stats.chisquare / power_divergence) and independence in a
/// contingency table (scipy.stats.chi2_contingency, with Yates' correction for one degree of freedom).
/// </summary>
public static class ChiSquareTest
{
    /// <summary>Goodness of fit of observed counts to expected counts (uniform when <paramref name="expected"/> is empty).</summary>
    public static TestResult GoodnessOfFit(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected = default, int ddof = 0,
        DivergenceStatistic statistic = DivergenceStatistic.Pearson)
    {
        Guard.NonNegativeFinite(observed, "f_obs");
        var k = observed.Length;
        double[] exp;
        if (expected.IsEmpty)
        {
            var mean = PairwiseSum.Sum(observed) / k;
            exp = new double[k];
            Array.Fill(exp, mean);
        }
        else
        {
            Guard.SameLength(k, expected.Length, "f_obs", "f_exp");
            Guard.NonNegativeFinite(expected, "f_exp");
            var so = PairwiseSum.Sum(observed);
            var se = PairwiseSum.Sum(expected);
            if (Math.Abs(so - se) > 1e-8 * Math.Max(so, se))
                throw GyreException.InvalidParameter(
                    $"f_obs and f_exp must have the same sum (relative tolerance 1e-8): {so} != {se}.");
            exp = expected.ToArray();
        }
        var stat = Statistic(observed, exp, statistic);
        var df = k - 1 - ddof;
        if (df < 1) throw GyreException.InvalidParameter($"degrees of freedom k - 1 - ddof = {df} must be at least 1.");
        return new TestResult(stat, ChiSquaredDistribution.Sf(stat, df));
    }

    /// <summary>Test of independence in an r x c table of counts.</summary>
    public static ContingencyResult Contingency(double[,] observed, bool correction = true, DivergenceStatistic statistic = DivergenceStatistic.Pearson)
    {
        int r = observed.GetLength(0), c = observed.GetLength(1);
        if (r == 0 || c == 0) throw GyreException.InvalidParameter("the contingency table must not be empty.");
        var rowSums = new double[r];
        var colSums = new double[c];
        double total = 0;
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                var v = observed[i, j];
                if (!double.IsFinite(v) || v < 0)
                    throw GyreException.InvalidParameter($"observed[{i},{j}] is {v}; counts must be finite and non-negative.");
                rowSums[i] += v;
                colSums[j] += v;
                total += v;
            }
        }
        var expected = new double[r, c];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                expected[i, j] = rowSums[i] * colSums[j] / total;
                if (expected[i, j] == 0)
                    throw GyreException.InvalidParameter($"the expected frequency at [{i},{j}] is zero: row {i} or column {j} has no counts.");
            }
        }
        var dof = r * c - (r + c) + 2 - 1;
        if (dof == 0) return new ContingencyResult(0.0, 1.0, 0, expected);
        var obs = new double[r * c];
        var exp = new double[r * c];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                var o = observed[i, j];
                var e = expected[i, j];
                if (dof == 1 && correction)
                {
                    // Yates: move O towards E by at most 0.5, never past it.
                    var diff = e - o;
                    o += Math.Sign(diff) * Math.Min(0.5, Math.Abs(diff));
                }
                obs[i * c + j] = o;
                exp[i * c + j] = e;
            }
        }
        var stat = Statistic(obs, exp, statistic);
        return new ContingencyResult(stat, ChiSquaredDistribution.Sf(stat, dof), dof, expected);
    }

    /// <summary>Independence test of a 2 x k table given as two count rows (e.g. reference and current category counts).</summary>
    public static ContingencyResult Contingency(ReadOnlySpan<double> firstRow, ReadOnlySpan<double> secondRow, bool correction = true,
        DivergenceStatistic statistic = DivergenceStatistic.Pearson)
    {
        Guard.SameLength(firstRow.Length, secondRow.Length, "firstRow", "secondRow");
        var table = new double[2, firstRow.Length];
        for (var j = 0; j < firstRow.Length; j++)
        {
            table[0, j] = firstRow[j];
            table[1, j] = secondRow[j];
        }
        return Contingency(table, correction, statistic);
    }

    private static double Statistic(ReadOnlySpan<double> obs, ReadOnlySpan<double> exp, DivergenceStatistic statistic)
    {
        var terms = new double[obs.Length];
        for (var i = 0; i < obs.Length; i++)
        {
            var o = obs[i];
            var e = exp[i];
            if (statistic == DivergenceStatistic.Pearson)
            {
                var d = o - e;
                terms[i] = d * d / e;
            }
            else
            {
                // 2 xlogy(O, O / E): a zero count contributes nothing.
                terms[i] = o == 0 ? 0 : 2.0 * (o * Math.Log(o / e));
            }
        }
        return PairwiseSum.Sum(terms);
    }
}
