using System.Collections.Concurrent;
using Gyre.Core.Errors;

namespace Gyre.Monitoring.Metrics;

/// <summary>
/// A named metric with a fixed set of label names; each combination of label values is a child series.
/// Callers on hot paths look a child up once and keep it.
/// </summary>
public abstract class MetricFamily<TChild>(string name, string help, MetricType type, IReadOnlyList<string> labelNames)
    : IMetricFamily where TChild : class
{
    private readonly ConcurrentDictionary<string, (string[] Values, TChild Child)> _children = new(StringComparer.Ordinal);

    public string Name { get; } = MetricNames.CheckMetricName(name);

    public string Help { get; } = help;

    public MetricType Type { get; } = type;

    public IReadOnlyList<string> LabelNames { get; } = MetricNames.CheckLabelNames(labelNames, type);

    /// <summary>The series for these label values (in <see cref="LabelNames"/> order), created on first use.</summary>
    public TChild WithLabels(params string[] labelValues)
    {
        if (labelValues.Length != LabelNames.Count)
            throw GyreException.InvalidParameter(
                $"Metric '{Name}' takes {LabelNames.Count} label values ({string.Join(", ", LabelNames)}), got {labelValues.Length}.");
        var key = labelValues.Length == 0 ? string.Empty : string.Join('\u0001', labelValues);
        if (_children.TryGetValue(key, out var existing)) return existing.Child;
        return _children.GetOrAdd(key, static (_, state) => ((string[])state.values.Clone(), state.self.CreateChild()),
            (values: labelValues, self: this)).Child;
    }

    /// <summary>Removes a series, e.g. when a deployment is deleted.</summary>
    public bool Remove(params string[] labelValues) =>
        _children.TryRemove(labelValues.Length == 0 ? string.Empty : string.Join('\u0001', labelValues), out _);

    protected abstract TChild CreateChild();

    protected abstract void WriteSamples(PrometheusTextWriter writer, string[] labelValues, TChild child);

    void IMetricFamily.WriteTo(PrometheusTextWriter writer)
    {
        writer.WriteHeader(Name, Help, Type);
        foreach (var (_, (values, child)) in _children.OrderBy(c => c.Key, StringComparer.Ordinal))
            WriteSamples(writer, values, child);
    }
}

/// <summary>What the registry needs from every family, whatever its child type.</summary>
public interface IMetricFamily
{
    string Name { get; }

    IReadOnlyList<string> LabelNames { get; }

    void WriteTo(PrometheusTextWriter writer);
}
