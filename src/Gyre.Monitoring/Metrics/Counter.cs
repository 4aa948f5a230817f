using Gyre.Core.Errors;

namespace Gyre.Monitoring.Metrics;

/// <summary>A monotonically increasing count (requests, errors, predictions).</summary>
public sealed class Counter(string name, string help, params string[] labelNames)
    : MetricFamily<Counter.Series>(name, help, MetricType.Counter, labelNames)
{
    /// <summary>Adds to the unlabelled series.</summary>
    public void Inc(double amount = 1) => WithLabels().Inc(amount);

    protected override Series CreateChild() => new();

    protected override void WriteSamples(PrometheusTextWriter writer, string[] labelValues, Series child) =>
        writer.WriteSample(Name, LabelNames, labelValues, child.Value);

    public sealed class Series
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Inc(double amount = 1)
        {
            if (!(amount >= 0)) throw GyreException.InvalidParameter($"A counter only goes up; cannot add {amount}.");
            AtomicDouble.Add(ref _value, amount);
        }

        /// <summary>
        /// Sets the count to a total read from a monotonic source that keeps its own count (CPU time,
        /// GC collections), sampled at scrape time.
        /// </summary>
        public void SetSampledTotal(double total) => Volatile.Write(ref _value, total);
    }
}
