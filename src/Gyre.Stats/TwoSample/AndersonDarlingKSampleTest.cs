using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Gyre.Stats.TwoSample;

/// <summary>Anderson-Darling k-sample test (Scholz and Stephens 1987) as scipy.stats.anderson_ksamp (1.10).</summary>
public static class AndersonDarlingKSampleTest
{
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
    private static readonly double[] SignificanceLevels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

    public static AndersonDarlingResult Test(IReadOnlyList<double[]> samples, bool midrank = true)
    {
        var k = samples.Count;
        if (k < 2) throw GyreException.InvalidParameter("anderson_ksamp needs at least two samples.");
        var sorted = new double[k][];
        var total = 0;
        for (var i = 0; i < k; i++)
        {
            Guard.NonEmptyFinite(samples[i], $"samples[{i}]");
            sorted[i] = (double[])samples[i].Clone();
            Array.Sort(sorted[i]);
            total += sorted[i].Length;
        }
        var z = new double[total];
        var pos = 0;
        foreach (var s in sorted)
        {
            s.CopyTo(z, pos);
            pos += s.Length;
        }
        Array.Sort(z);
        var zstar = Unique(z);
        if (zstar.Length < 2) throw GyreException.InvalidParameter("anderson_ksamp needs more than one distinct value among all samples.");
        var n = new double[k];
        for (var i = 0; i < k; i++) n[i] = sorted[i].Length;
        double bigN = total;

        var a2kn = midrank ? Midrank(sorted, z, zstar, n, bigN) : RightContinuous(sorted, z, zstar, n, bigN);

        double h0 = 0;
        foreach (var ni in n) h0 += 1.0 / ni;
        var bigH = h0;
        // hs_cs = cumsum(1 / arange(N - 1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
        var cnt = total - 2;
        var hsCs = new double[Math.Max(cnt, 0)];
        double run = 0;
        for (var i = 0; i < cnt; i++)
        {
            run += 1.0 / (total - 1 - i);
            hsCs[i] = run;
        }
        var h = (cnt > 0 ? hsCs[^1] : 0) + 1;
        var gTerms = new double[cnt];
        for (var i = 0; i < cnt; i++) gTerms[i] = hsCs[i] / (2 + i);
        var g = PairwiseSum.Sum(gTerms);

        double kk = k;
        var a = (4 * g - 6) * (kk - 1) + (10 - 6 * g) * bigH;
        var b = (2 * g - 4) * kk * kk + 8 * h * kk + (2 * g - 14 * h - 4) * bigH - 8 * h + 4 * g - 6;
        var c = (6 * h + 2 * g - 2) * kk * kk + (4 * h - 4 * g + 6) * kk + (2 * h - 6) * bigH + 4 * h;
        var d = (2 * h + 6) * kk * kk - 4 * h * kk;
        var sigmasq = (a * Math.Pow(bigN, 3) + b * bigN * bigN + c * bigN + d) / ((bigN - 1.0) * (bigN - 2.0) * (bigN - 3.0));
        var m = kk - 1;
        var a2 = (a2kn - m) / Math.Sqrt(sigmasq);

        var critical = new double[7];
        for (var i = 0; i < 7; i++) critical[i] = B0[i] + B1[i] / Math.Sqrt(m) + B2[i] / m;

        var warnings = new List<string>();
        double p;
        if (a2 < critical.Min())
        {
            p = SignificanceLevels.Max();
            warnings.Add($"UserWarning: p-value capped: true value larger than {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        else if (a2 > critical.Max())
        {
            p = SignificanceLevels.Min();
            warnings.Add($"UserWarning: p-value floored: true value smaller than {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
        else
        {
            // Quadratic least-squares fit of log(significance) on the critical values, as numpy.polyfit(critical, log(sig), 2).
            var design = Matrix<double>.Build.Dense(7, 3, (r, col) => Math.Pow(critical[r], 2 - col));
            var rhs = Vector<double>.Build.Dense(7, r => Math.Log(SignificanceLevels[r]));
            var coef = design.QR().Solve(rhs);
            p = Math.Exp((coef[0] * a2 + coef[1]) * a2 + coef[2]);
        }
        return new AndersonDarlingResult(a2, critical, p, warnings);
    }

    private static double[] Unique(double[] sorted)
    {
        var list = new List<double>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
            if (i == 0 || sorted[i] != sorted[i - 1]) list.Add(sorted[i]);
        return list.ToArray();
    }

    private static int SearchLeft(double[] s, double v)
    {
        int lo = 0, hi = s.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (s[mid] < v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int SearchRight(double[] s, double v)
    {
        int lo = 0, hi = s.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (s[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double Midrank(double[][] samples, double[] z, double[] zstar, double[] n, double bigN)
    {
        var l = zstar.Length;
        var lj = new double[l];
        var bj = new double[l];
        for (var j = 0; j < l; j++)
        {
            var left = SearchLeft(z, zstar[j]);
            lj[j] = z.Length == l ? 1.0 : SearchRight(z, zstar[j]) - left;
            bj[j] = left + lj[j] / 2.0;
        }
        double a2 = 0;
        var inner = new double[l];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            for (var j = 0; j < l; j++)
            {
                double right = SearchRight(s, zstar[j]);
                double fij = SearchRight(s, zstar[j]) - SearchLeft(s, zstar[j]);
                var mij = right - fij / 2.0;
                var num = bigN * mij - bj[j] * n[i];
                inner[j] = lj[j] / bigN * (num * num) / (bj[j] * (bigN - bj[j]) - bigN * lj[j] / 4.0);
            }
            a2 += PairwiseSum.Sum(inner) / n[i];
        }
        return a2 * ((bigN - 1.0) / bigN);
    }

    private static double RightContinuous(double[][] samples, double[] z, double[] zstar, double[] n, double bigN)
    {
        var l = zstar.Length - 1;
        var lj = new double[l];
        var bj = new double[l];
        double cum = 0;
        for (var j = 0; j < l; j++)
        {
            lj[j] = SearchRight(z, zstar[j]) - SearchLeft(z, zstar[j]);
            cum += lj[j];
            bj[j] = cum;
        }
        double a2 = 0;
        var inner = new double[l];
        for (var i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            for (var j = 0; j < l; j++)
            {
                double mij = SearchRight(s, zstar[j]);
                var num = bigN * mij - bj[j] * n[i];
                inner[j] = lj[j] / bigN * (num * num) / (bj[j] * (bigN - bj[j]));
            }
            a2 += PairwiseSum.Sum(inner) / n[i];
        }
        return a2;
    }
}
