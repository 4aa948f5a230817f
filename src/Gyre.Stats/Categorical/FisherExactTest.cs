using Gyre.Core.Errors;
using Gyre.Stats.TwoSample;

namespace Gyre.Stats.Categorical;

/// <summary>
/// Fisher's exact test on a 2 x 2 table [[a, b], [c, d]] (scipy.stats.fisher_exact). The statistic is the sample
/// odds ratio ad / bc (+Infinity when bc = 0 &lt; ad); the two-sided p-value sums every table at most
/// (1 + 1e-7) times as probable as the observed one. A table with an empty row or column carries no
/// information: p = 1 and the odds ratio is undefined (NaN), as in scipy.
/// </summary>
public static class FisherExactTest
{
    public static TestResult Test(long a, long b, long c, long d, Alternative alternative = Alternative.TwoSided)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0) throw GyreException.InvalidParameter("table counts must be non-negative.");
        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) return new TestResult(double.NaN, 1.0);
        var oddsRatio = c > 0 && b > 0 ? (double)a * d / ((double)c * b) : double.PositiveInfinity;
        long n1 = a + b, n2 = c + d, n = a + c;
        var lo = Math.Max(0, n - n2);
        var hi = Math.Min(n, n1);
        var pmf = Hypergeometric(n1, n2, n, lo, hi);
        double p;
        switch (alternative)
        {
            case Alternative.Less:
                p = SumRange(pmf, 0, (int)(a - lo));
                break;
            case Alternative.Greater:
                p = SumRange(pmf, (int)(a - lo), (int)(hi - lo));
                break;
            default:
                var threshold = pmf[a - lo] * (1 + 1e-7);
                var sorted = pmf.Where(v => v <= threshold).OrderBy(v => v).ToArray();
                p = 0;
                foreach (var v in sorted) p += v;
                break;
        }
        return new TestResult(oddsRatio, Math.Min(p, 1.0));
    }

    public static TestResult Test(long[,] table, Alternative alternative = Alternative.TwoSided)
    {
        if (table.GetLength(0) != 2 || table.GetLength(1) != 2) throw GyreException.InvalidParameter("fisher_exact needs a 2 x 2 table.");
        return Test(table[0, 0], table[0, 1], table[1, 0], table[1, 1], alternative);
    }

    private static double SumRange(double[] pmf, int from, int to)
    {
        // add the smaller terms first
        double s = 0;
        if (from == 0) for (var i = from; i <= to; i++) s += pmf[i];
        else for (var i = to; i >= from; i--) s += pmf[i];
        return s;
    }

    // Hypergeometric pmf on lo..hi (draws n from n1 successes and n2 failures), built by ratios from the mode
    // and normalised, which keeps full relative precision in the tails.
    private static double[] Hypergeometric(long n1, long n2, long n, long lo, long hi)
    {
        var len = (int)(hi - lo + 1);
        var w = new double[len];
        var mode = (long)Math.Floor((n + 1.0) * (n1 + 1.0) / (n1 + n2 + 2.0));
        mode = Math.Clamp(mode, lo, hi);
        var m = (int)(mode - lo);
        w[m] = 1;
        for (var i = m; i < len - 1; i++)
        {
            long x = lo + i;
            w[i + 1] = w[i] * ((double)(n1 - x) * (n - x)) / ((double)(x + 1) * (n2 - n + x + 1));
        }
        for (var i = m; i > 0; i--)
        {
            long x = lo + i;
            w[i - 1] = w[i] * ((double)x * (n2 - n + x)) / ((double)(n1 - x + 1) * (n - x + 1));
        }
        var sorted = (double[])w.Clone();
        Array.Sort(sorted);
        double total = 0;
        foreach (var v in sorted) total += v;
        for (var i = 0; i < len; i++) w[i] /= total;
        return w;
    }
}
