using System.Collections.Concurrent;
using Gyre.Core.Errors;

namespace Gyre.Monitoring.Metrics;

/// <summary>
/// The set of metric families a process exposes on <c>/metrics</c>. Registering the same name twice
/// returns the existing family when its type and labels agree, so components can register idempotently.
/// </summary>
public sealed class MetricRegistry
{
    private readonly ConcurrentDictionary<string, IMetricFamily> _families = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Action> _beforeCollect = [];

    public Counter Counter(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Counter(name, help, labelNames), labelNames);

    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Gauge(name, help, labelNames), labelNames);

    public Histogram Histogram(string name, string help, double[] upperBounds, params string[] labelNames) =>
        GetOrAdd(name, () => new Histogram(name, help, upperBounds, labelNames), labelNames);

    /// <summary>Runs <paramref name="refresh"/> before every exposition, to sample values such as process memory.</summary>
    public void OnCollect(Action refresh) => _beforeCollect.Add(refresh);

    public void WriteTo(TextWriter output)
    {
        foreach (var refresh in _beforeCollect) refresh();
        var writer = new PrometheusTextWriter(output);
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal)) family.WriteTo(writer);
    }

    public string Expose()
    {
        using var text = new StringWriter { NewLine = "\n" };
        WriteTo(text);
        return text.ToString();
    }

    private T GetOrAdd<T>(string name, Func<T> create, string[] labelNames) where T : class, IMetricFamily
    {
        var family = _families.GetOrAdd(name, _ => create());
        if (family is not T typed)
            throw GyreException.InvalidParameter($"Metric '{name}' is already registered as another type.");
        if (!typed.LabelNames.SequenceEqual(labelNames))
            throw GyreException.InvalidParameter(
                $"Metric '{name}' is already registered with labels ({string.Join(", ", typed.LabelNames)}).");
        return typed;
    }
}
