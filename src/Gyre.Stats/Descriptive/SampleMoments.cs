using System.Buffers;
using Gyre.Stats.Internal;

namespace Gyre.Stats.Descriptive;

/// <summary>Mean and variance computed as numpy does (pairwise sums, two passes).</summary>
public static class SampleMoments
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        Guard.NonEmptyFinite(values, "values");
        return PairwiseSum.Sum(values) / values.Length;
    }

    /// <summary>Variance with <paramref name="ddof"/> delta degrees of freedom (numpy.var).</summary>
    public static double Variance(ReadOnlySpan<double> values, int ddof = 0)
    {
        Guard.NonEmptyFinite(values, "values");
        if (values.Length - ddof <= 0)
            throw Gyre.Core.Errors.GyreException.InvalidParameter($"variance with ddof={ddof} needs more than {ddof} values.");
        var mean = PairwiseSum.Sum(values) / values.Length;
        var buffer = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            var sq = buffer.AsSpan(0, values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                var d = values[i] - mean;
                sq[i] = d * d;
            }
            return PairwiseSum.Sum(sq) / (values.Length - ddof);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    public static double StandardDeviation(ReadOnlySpan<double> values, int ddof = 0) => Math.Sqrt(Variance(values, ddof));
}
