namespace Gyre.Monitoring.Metrics;

/// <summary>A value that goes up and down (drift scores, queue lengths, traffic shares).</summary>
public sealed class Gauge(string name, string help, params string[] labelNames)
    : MetricFamily<Gauge.Series>(name, help, MetricType.Gauge, labelNames)
{
    public void Set(double value) => WithLabels().Set(value);

    protected override Series CreateChild() => new();

    protected override void WriteSamples(PrometheusTextWriter writer, string[] labelValues, Series child) =>
        writer.WriteSample(Name, LabelNames, labelValues, child.Value);

    public sealed class Series
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Set(double value) => Volatile.Write(ref _value, value);

        public void Inc(double amount = 1) => AtomicDouble.Add(ref _value, amount);

        public void Dec(double amount = 1) => AtomicDouble.Add(ref _value, -amount);
    }
}
