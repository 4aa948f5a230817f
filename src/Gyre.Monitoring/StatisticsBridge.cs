using System.Numerics.Tensors;

namespace Gyre.Monitoring;

/// <summary>The one place Gyre.Monitoring obtains descriptive statistics.</summary>
internal static class StatisticsBridge
{
    public static double Mean(double[] values) => TensorPrimitives.Sum<double>(values) / values.Length;

    public static double StandardDeviation(double[] values, int ddof)
    {
        var mean = Mean(values);
        var ss = 0.0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (values.Length - ddof));
    }

    public static double Quantile(double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        var v = (n - 1) * q;
        if (v >= n - 1) return sorted[n - 1];
        var i = (int)Math.Floor(v);
        var t = v - i;
        var a = sorted[i];
        var b = sorted[i + 1];
        var d = b - a;
        return t >= 0.5 ? b - d * (1 - t) : a + d * t;
    }
}
