using Gyre.Core.Errors;
using Gyre.Stats.Descriptive;
using Gyre.Stats.Distributions;
using Gyre.Stats.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Gyre.Stats.TwoSample;

/// <summary>Epps-Singleton two-sample test on the empirical characteristic function (scipy.stats.epps_singleton_2samp).</summary>
public static class EppsSingletonTest
{
    public static TestResult TwoSample(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double[]? t = null)
    {
        t ??= [0.4, 0.8];
        Guard.NonEmptyFinite(x, "x");
        Guard.NonEmptyFinite(y, "y");
        int nx = x.Length, ny = y.Length;
        if (nx < 5 || ny < 5) throw GyreException.InvalidParameter($"epps_singleton needs at least 5 values per sample (got {nx} and {ny}).");
        double n = nx + ny;
        var pooled = new double[nx + ny];
        x.CopyTo(pooled);
        y.CopyTo(pooled.AsSpan(nx));
        Array.Sort(pooled);
        var iqr = Percentile.OfSorted(pooled, 75) - Percentile.OfSorted(pooled, 25);
        if (!(iqr > 0)) throw GyreException.InvalidParameter("epps_singleton needs a pooled sample with a positive interquartile range.");
        var sigma = iqr / 2;
        var dim = 2 * t.Length;
        var ts = t.Select(v => v / sigma).ToArray();
        var gx = Features(x, ts);
        var gy = Features(y, ts);
        var covX = BiasedCovariance(gx);
        var covY = BiasedCovariance(gy);
        var est = covX * (n / nx) + covY * (n / ny);
        var inv = est.PseudoInverse();
        var rank = inv.Rank();
        var diff = Vector<double>.Build.Dense(dim, j => gx.Column(j).Average() - gy.Column(j).Average());
        var w = n * diff.DotProduct(inv * diff);
        if (Math.Max(nx, ny) < 25)
        {
            var corr = 1.0 / (1.0 + Math.Pow(n, -0.45) + 10.1 * (Math.Pow(nx, -1.7) + Math.Pow(ny, -1.7)));
            w = corr * w;
        }
        return new TestResult(w, ChiSquaredDistribution.Sf(w, rank));
    }

    private static Matrix<double> Features(ReadOnlySpan<double> values, double[] ts)
    {
        var m = Matrix<double>.Build.Dense(values.Length, 2 * ts.Length);
        for (var i = 0; i < values.Length; i++)
        {
            for (var j = 0; j < ts.Length; j++)
            {
                m[i, j] = Math.Cos(ts[j] * values[i]);
                m[i, ts.Length + j] = Math.Sin(ts[j] * values[i]);
            }
        }
        return m;
    }

    private static Matrix<double> BiasedCovariance(Matrix<double> g)
    {
        var rows = g.RowCount;
        var centred = g.Clone();
        for (var j = 0; j < g.ColumnCount; j++)
        {
            var mean = g.Column(j).Average();
            for (var i = 0; i < rows; i++) centred[i, j] -= mean;
        }
        return centred.TransposeThisAndMultiply(centred) / rows;
    }
}
