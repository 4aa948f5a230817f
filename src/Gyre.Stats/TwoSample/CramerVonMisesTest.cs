using Gyre.Stats.Descriptive;
using Gyre.Stats.Internal;
using MathNet.Numerics;

namespace Gyre.Stats.TwoSample;

/// <summary>Two-sample Cramér-von Mises test as scipy.stats.cramervonmises_2samp (1.10), midranks for ties.</summary>
public static class CramerVonMisesTest
{
    public static TestResult TwoSample(ReadOnlySpan<double> x, ReadOnlySpan<double> y, CramerVonMisesMethod method = CramerVonMisesMethod.Auto)
    {
        Guard.NonEmptyFinite(x, "x");
        Guard.NonEmptyFinite(y, "y");
        Guard.MinLength(x, 2, "x");
        Guard.MinLength(y, 2, "y");
        int nx = x.Length, ny = y.Length;
        if (method == CramerVonMisesMethod.Auto)
            method = Math.Max(nx, ny) > 20 ? CramerVonMisesMethod.Asymptotic : CramerVonMisesMethod.Exact;
        var xs = x.ToArray();
        var ys = y.ToArray();
        Array.Sort(xs);
        Array.Sort(ys);
        var z = new double[nx + ny];
        xs.CopyTo(z, 0);
        ys.CopyTo(z, nx);
        var r = Ranks.Average(z);
        var tx = new double[nx];
        for (var i = 0; i < nx; i++)
        {
            var d = r[i] - (i + 1);
            tx[i] = d * d;
        }
        var ty = new double[ny];
        for (var i = 0; i < ny; i++)
        {
            var d = r[nx + i] - (i + 1);
            ty[i] = d * d;
        }
        var u = nx * PairwiseSum.Sum(tx);
        u += ny * PairwiseSum.Sum(ty);
        double k = (double)nx * ny, bigN = nx + ny;
        var t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);
        double p;
        if (method == CramerVonMisesMethod.Exact)
        {
            p = ExactPValue(u, nx, ny);
        }
        else
        {
            var et = (1 + 1 / bigN) / 6;
            var vt = (bigN + 1) * (4 * k * bigN - 3 * ((double)nx * nx + (double)ny * ny) - 2 * k);
            vt = vt / (45 * bigN * bigN * 4 * k);
            var tn = 1.0 / 6 + (t - et) / Math.Sqrt(45 * vt);
            p = tn < 0.003 ? 1.0 : Math.Max(0, 1.0 - LimitingCdf(tn));
        }
        return new TestResult(t, p);
    }

    /// <summary>CDF of the limiting one-sample Cramér-von Mises distribution (Csörgő and Faraway), summed to terms below 1e-7 as scipy does.</summary>
    public static double LimitingCdf(double x)
    {
        double tot = 0;
        for (var k = 0; k < 1000; k++)
        {
            var u = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            double y = 4 * k + 1;
            var q = y * y / (16 * x);
            var b = SpecialFunctions.BesselK(0.25, q);
            var term = u * Math.Sqrt(y) * Math.Exp(-q) * b;
            tot += term;
            if (!(Math.Abs(term) >= 1e-7)) break;
        }
        return tot;
    }

    // Exact p-value by counting lattice paths (Xiao, Gordon and Young 2007): each path from (0, 0) to (ny, nx)
    // accumulates (a v - b u)^2 over its points; the p-value is the share of paths whose total is >= zeta.
    // Each lattice point keeps its distribution as sorted (value, count) arrays, merged in linear time.
    private static double ExactPValue(double s, int m, int n)
    {
        var lcm = (long)m / Gcd(m, n) * n;
        var a = lcm / m;
        var b = lcm / n;
        var mn = (long)m * n;
        var zeta = Math.Floor(lcm * (double)lcm * (m + n) * (6 * s - mn * (4.0 * mn - 1)) / (6.0 * mn * mn));
        var row = new Table[m + 1];
        row[0] = new Table([0], [1]);
        for (var v = 1; v <= m; v++) row[v] = Table.Empty;
        for (var u = 0; u <= n; u++)
        {
            Table? left = null;
            for (var v = 0; v <= m; v++)
            {
                var merged = left is null ? row[v].Copy() : Table.Merge(left, row[v]);
                var dev = a * v - b * u;
                merged.Shift(dev * dev);
                row[v] = merged;
                left = merged;
            }
        }
        var final = row[m];
        double hits = 0;
        for (var i = 0; i < final.Length; i++)
            if (final.Values[i] >= zeta) hits += final.Counts[i];
        return hits / Binomial.Coefficient(m + n, m);
    }

    private sealed class Table(long[] values, double[] counts, int length)
    {
        public Table(long[] values, double[] counts) : this(values, counts, values.Length) { }

        public static Table Empty { get; } = new([], [], 0);

        public long[] Values { get; } = values;
        public double[] Counts { get; } = counts;
        public int Length { get; } = length;

        public Table Copy() => new(Values[..Length], Counts[..Length], Length);

        public void Shift(long by)
        {
            for (var i = 0; i < Length; i++) Values[i] += by;
        }

        public static Table Merge(Table x, Table y)
        {
            var values = new long[x.Length + y.Length];
            var counts = new double[x.Length + y.Length];
            int i = 0, j = 0, k = 0;
            while (i < x.Length || j < y.Length)
            {
                if (j >= y.Length || (i < x.Length && x.Values[i] < y.Values[j]))
                {
                    values[k] = x.Values[i];
                    counts[k++] = x.Counts[i++];
                }
                else if (i >= x.Length || y.Values[j] < x.Values[i])
                {
                    values[k] = y.Values[j];
                    counts[k++] = y.Counts[j++];
                }
                else
                {
                    values[k] = x.Values[i];
                    counts[k++] = x.Counts[i++] + y.Counts[j++];
                }
            }
            return new Table(values, counts, k);
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
