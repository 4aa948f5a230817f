using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;

namespace Gyre.Stats.TwoSample;

/// <summary>
/// Two-sample Kolmogorov-Smirnov test, computed exactly as scipy.stats.ks_2samp (scipy 1.10): statistic,
/// location and sign of the largest ECDF gap, exact lattice-path p-values with scipy's fallback to the
/// asymptotic method, and the asymptotic p-values (kstwo at an effective n for two-sided, Hodges for one-sided).
/// </summary>
public static class KolmogorovSmirnovTest
{
    /// <summary>Largest sample size for which <see cref="KolmogorovSmirnovMethod.Auto"/> computes exact p-values.</summary>
    public const int MaxAutoExactN = 10000;

    public const string ExactFallbackWarning = "RuntimeWarning: ks_2samp: Exact calculation unsuccessful. Switching to method=asymp.";

    /// <summary>Runs the test on unsorted samples (copies and sorts them).</summary>
    public static KolmogorovSmirnovResult TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        Alternative alternative = Alternative.TwoSided, KolmogorovSmirnovMethod method = KolmogorovSmirnovMethod.Auto)
    {
        Guard.NonEmptyFinite(a, "a");
        Guard.NonEmptyFinite(b, "b");
        var sa = a.ToArray();
        var sb = b.ToArray();
        Array.Sort(sa);
        Array.Sort(sb);
        return Compute(sa, sb, alternative, method);
    }

    /// <summary>Runs the test on samples already sorted ascending (lets a caller sort a reference column once).</summary>
    public static KolmogorovSmirnovResult TwoSampleSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB,
        Alternative alternative = Alternative.TwoSided, KolmogorovSmirnovMethod method = KolmogorovSmirnovMethod.Auto)
    {
        Guard.NonEmptyFinite(sortedA, "a");
        Guard.NonEmptyFinite(sortedB, "b");
        Guard.Sorted(sortedA, "a");
        Guard.Sorted(sortedB, "b");
        return Compute(sortedA, sortedB, alternative, method);
    }

    /// <summary>
    /// Runs the test with the first sample already sorted (a reference column sorted once) and the second unsorted
    /// (a fresh batch, copied and sorted here).
    /// </summary>
    public static KolmogorovSmirnovResult TwoSampleSortedReference(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> current,
        Alternative alternative = Alternative.TwoSided, KolmogorovSmirnovMethod method = KolmogorovSmirnovMethod.Auto)
    {
        Guard.NonEmptyFinite(sortedReference, "a");
        Guard.Sorted(sortedReference, "a");
        Guard.NonEmptyFinite(current, "b");
        var sb = current.ToArray();
        Array.Sort(sb);
        return Compute(sortedReference, sb, alternative, method);
    }

    /// <summary>The KS statistic D (two-sided) of sorted samples, without a p-value.</summary>
    public static double StatisticSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        var (minS, maxS, _, _) = Gaps(sortedA, sortedB);
        return minS > maxS ? minS : maxS;
    }

    private static KolmogorovSmirnovResult Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        Alternative alternative, KolmogorovSmirnovMethod method)
    {
        int n1 = a.Length, n2 = b.Length;
        var (minS, maxS, locMin, locMax) = Gaps(a, b);
        double d, location;
        int sign;
        if (alternative == Alternative.Less || (alternative == Alternative.TwoSided && minS > maxS))
        {
            d = minS;
            location = locMin;
            sign = -1;
        }
        else
        {
            d = maxS;
            location = locMax;
            sign = 1;
        }

        var warnings = new List<string>();
        var g = Gcd(n1, n2);
        long n1g = n1 / g, n2g = n2 / g;
        if (method == KolmogorovSmirnovMethod.Auto)
            method = Math.Max(n1, n2) <= MaxAutoExactN ? KolmogorovSmirnovMethod.Exact : KolmogorovSmirnovMethod.Asymptotic;
        else if (method == KolmogorovSmirnovMethod.Exact && n1g >= (double)int.MaxValue / n2g)
        {
            method = KolmogorovSmirnovMethod.Asymptotic;
            warnings.Add("RuntimeWarning: Exact ks_2samp calculation not possible with samples sizes " +
                         $"{n1} and {n2}. Switching to method=asymp.");
        }

        var prob = double.NegativeInfinity;
        if (method == KolmogorovSmirnovMethod.Exact)
        {
            var (success, snapped, p) = AttemptExact(n1, n2, g, d, alternative);
            d = snapped;
            prob = p;
            if (!success)
            {
                method = KolmogorovSmirnovMethod.Asymptotic;
                warnings.Add(ExactFallbackWarning);
            }
        }
        if (method == KolmogorovSmirnovMethod.Asymptotic)
        {
            double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
            var en = m * n / (m + n);
            if (alternative == Alternative.TwoSided)
            {
                prob = KolmogorovSmirnovDistribution.Sf(d, (int)Math.Round(en, MidpointRounding.ToEven));
            }
            else
            {
                var z = Math.Sqrt(en) * d;
                // Hodges' approximation (eq. 5.3); m is the larger sample.
                var expt = -2 * z * z - 2 * z * (m + 2 * n) / Math.Sqrt(m * n * (m + n)) / 3.0;
                prob = Math.Exp(expt);
            }
        }
        prob = Math.Clamp(prob, 0, 1);
        return new KolmogorovSmirnovResult(d, prob, location, sign, method, warnings);
    }

    /// <summary>
    /// Largest negative and positive gaps of ECDF(a) - ECDF(b), evaluated (like scipy) at every value of the
    /// concatenation [a, b]; locations are the first values (in that order) where the extremes occur.
    /// </summary>
    private static (double MinS, double MaxS, double LocMin, double LocMax) Gaps(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        double maxDiff = double.NegativeInfinity, minDiff = double.PositiveInfinity, locMax = 0, locMin = 0;
        // Pass over a: count of a <= x and of b <= x, both monotone in x.
        int ia = 0, ib = 0;
        for (var i = 0; i < n1; i++)
        {
            var x = a[i];
            if (i > 0 && x == a[i - 1]) continue; // same ECDF values as the first occurrence
            while (ia < n1 && a[ia] <= x) ia++;
            while (ib < n2 && b[ib] <= x) ib++;
            var diff = (double)ia / n1 - (double)ib / n2;
            if (diff > maxDiff) { maxDiff = diff; locMax = x; }
            if (diff < minDiff) { minDiff = diff; locMin = x; }
        }
        ia = 0;
        ib = 0;
        for (var i = 0; i < n2; i++)
        {
            var x = b[i];
            if (i > 0 && x == b[i - 1]) continue;
            while (ia < n1 && a[ia] <= x) ia++;
            while (ib < n2 && b[ib] <= x) ib++;
            var diff = (double)ia / n1 - (double)ib / n2;
            if (diff > maxDiff) { maxDiff = diff; locMax = x; }
            if (diff < minDiff) { minDiff = diff; locMin = x; }
        }
        var minS = Math.Clamp(-minDiff, 0, 1);
        return (minS, maxDiff, locMin, locMax);
    }

    private static (bool Success, double D, double Prob) AttemptExact(int n1, int n2, int g, double d, Alternative alternative)
    {
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        d = h * 1.0 / lcm;
        if (h == 0) return (true, d, 1.0);
        double prob;
        if (alternative == Alternative.TwoSided)
        {
            prob = n1 == n2 ? ProbOutsideSquare(n1, (int)h) : OuterProbInside(n1, n2, g, h);
        }
        else if (n1 == n2)
        {
            // binom(2n, n - h) / binom(2n, n), as a product to avoid rounding in the binomials.
            prob = 1.0;
            for (var j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1.0);
        }
        else
        {
            // scipy gives up (and falls back to asymp) when the binomials overflow; detect that before the O(n^2) count.
            var bin = Binomial.Coefficient(n1 + n2, n1);
            if (double.IsInfinity(bin)) return (false, d, double.NaN);
            var numPaths = CountPathsOutside(n1, n2, g, h);
            if (numPaths > bin) return (false, d, double.NaN);
            prob = numPaths / bin;
        }
        if (!(prob >= 0 && prob <= 1)) return (false, d, prob);
        return (true, d, prob);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    // Two-sided, n1 == n2: the closed alternating series.
    private static double ProbOutsideSquare(int n, int h)
    {
        var p = 0.0;
        var k = (int)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (var j = 0; j < h; j++) p1 = (n - (long)k * h - j) * p1 / (n + (long)k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    // Two-sided, n1 != n2: proportion of lattice paths leaving the band |x/m - y/n| < h/lcm,
    // computed through the 1 - p recursion (Hodges' inside method, Viehmann's stable form).
    private static double OuterProbInside(int m, int n, int g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        var minj = 0;
        var maxj = (int)Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var arr = new double[lenA];
        Array.Fill(arr, 1.0);
        for (var j = minj; j < maxj; j++) arr[j] = 0.0;
        for (var i = 1; i <= m; i++)
        {
            int lastminj = minj, lastlen = curlen;
            minj = (int)Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = (int)Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            for (var jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (arr[jj + minj - lastminj] * i + val * j) / (i + j);
                arr[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                for (var t = maxj - minj; t < maxj - minj + (lastlen - curlen) && t < lenA; t++) arr[t] = 1;
            }
        }
        return arr[maxj - minj - 1];
    }

    // One-sided, n1 != n2: number of lattice paths that cross the boundary, with binomials in doubles.
    private static double CountPathsOutside(int m, int n, int g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        var lxj = n + (int)FloorDiv(mg - h, mg);
        if (lxj <= 0) return Binomial.Coefficient(m + n, n);
        var xj = new long[lxj];
        for (var j = 0; j < lxj; j++) xj[j] = FloorDiv(h + mg * j + ng - 1, ng);
        var bArr = new double[lxj];
        bArr[0] = 1;
        for (var j = 1; j < lxj; j++)
        {
            var bj = Binomial.Coefficient(xj[j] + j, j);
            for (var i = 0; i < j; i++)
            {
                var bin = Binomial.Coefficient(xj[j] - xj[i] + j - i, j - i);
                bj -= bin * bArr[i];
            }
            if (!double.IsFinite(bj)) return double.NaN; // overflow: the count fails as scipy's does
            bArr[j] = bj;
        }
        double numPaths = 0;
        for (var j = 0; j < lxj; j++)
        {
            var bin = Binomial.Coefficient(m - xj[j] + (n - j), n - j);
            numPaths += bArr[j] * bin;
        }
        return numPaths;
    }

    // Python's // (rounds towards negative infinity).
    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
