using Gyre.Stats.Descriptive;

namespace Gyre.Monitoring;

/// <summary>The descriptive statistics Gyre.Monitoring needs, all from Gyre.Stats (numpy-compatible).</summary>
internal static class StatisticsBridge
{
    public static double Mean(double[] values) => SampleMoments.Mean(values);

    public static double StandardDeviation(double[] values, int ddof) => SampleMoments.StandardDeviation(values, ddof);

    /// <summary>The q-quantile, q in [0, 1] (numpy's linear percentile at 100 q).</summary>
    public static double Quantile(double[] values, double q) => Percentile.Of(values, q * 100);
}
