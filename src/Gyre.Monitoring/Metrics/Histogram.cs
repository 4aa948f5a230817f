using Gyre.Core.Errors;

namespace Gyre.Monitoring.Metrics;

/// <summary>Counts observations (latencies, batch sizes) into cumulative buckets, plus their sum.</summary>
public sealed class Histogram : MetricFamily<Histogram.Series>
{
    /// <summary>Latency buckets in seconds, from 100 µs (in-process inference) to 10 s.</summary>
    public static readonly double[] LatencySecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly double[] _upperBounds;

    public Histogram(string name, string help, double[] upperBounds, params string[] labelNames)
        : base(name, help, MetricType.Histogram, labelNames)
    {
        if (upperBounds.Length == 0) throw GyreException.InvalidParameter($"Histogram '{name}' needs at least one bucket.");
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (double.IsNaN(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
                throw GyreException.InvalidParameter($"Histogram '{name}' bucket bounds must be strictly increasing numbers.");
        }
        // +Inf is implicit: the total count.
        _upperBounds = double.IsPositiveInfinity(upperBounds[^1]) ? upperBounds[..^1] : (double[])upperBounds.Clone();
    }

    public IReadOnlyList<double> UpperBounds => _upperBounds;

    public void Observe(double value) => WithLabels().Observe(value);

    protected override Series CreateChild() => new(_upperBounds);

    protected override void WriteSamples(PrometheusTextWriter writer, string[] labelValues, Series child)
    {
        var snapshot = child.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < _upperBounds.Length; i++)
        {
            cumulative += snapshot.BucketCounts[i];
            writer.WriteBucket(Name, LabelNames, labelValues, _upperBounds[i], cumulative);
        }
        cumulative += snapshot.BucketCounts[^1];
        writer.WriteBucket(Name, LabelNames, labelValues, double.PositiveInfinity, cumulative);
        writer.WriteSample(Name + "_sum", LabelNames, labelValues, snapshot.Sum);
        writer.WriteSample(Name + "_count", LabelNames, labelValues, cumulative);
    }

    public sealed class Series(double[] upperBounds)
    {
        // One slot per bucket plus one for values above the last bound; not cumulative until written.
        private readonly long[] _counts = new long[upperBounds.Length + 1];
        private double _sum;

        public void Observe(double value)
        {
            if (double.IsNaN(value)) return;
            var index = Array.BinarySearch(upperBounds, value);
            if (index < 0) index = ~index;
            Interlocked.Increment(ref _counts[index]);
            AtomicDouble.Add(ref _sum, value);
        }

        public HistogramSnapshot Snapshot()
        {
            var counts = new long[_counts.Length];
            for (var i = 0; i < counts.Length; i++) counts[i] = Interlocked.Read(ref _counts[i]);
            return new HistogramSnapshot(upperBounds, counts, Volatile.Read(ref _sum));
        }
    }
}

/// <summary>A histogram series at one moment: per-bucket (not cumulative) counts, the last for values above every bound.</summary>
public sealed record HistogramSnapshot(IReadOnlyList<double> UpperBounds, long[] BucketCounts, double Sum)
{
    public long Count => BucketCounts.Sum();

    /// <summary>The q-quantile by linear interpolation inside the bucket, as PromQL's histogram_quantile.</summary>
    public double Quantile(double q)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = q * total;
        long cumulative = 0;
        for (var i = 0; i < BucketCounts.Length; i++)
        {
            var previous = cumulative;
            cumulative += BucketCounts[i];
            if (cumulative < rank) continue;
            if (i == UpperBounds.Count) return UpperBounds.Count == 0 ? double.NaN : UpperBounds[^1];
            var lower = i == 0 ? 0 : UpperBounds[i - 1];
            var inBucket = BucketCounts[i];
            return inBucket == 0 ? UpperBounds[i] : lower + (UpperBounds[i] - lower) * ((rank - previous) / inBucket);
        }
        return UpperBounds.Count == 0 ? double.NaN : UpperBounds[^1];
    }
}
