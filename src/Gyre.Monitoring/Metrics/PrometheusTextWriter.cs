using System.Globalization;
using System.Text;

namespace Gyre.Monitoring.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: '# HELP' and '# TYPE' lines, then samples;
/// label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed.
/// </summary>
public sealed class PrometheusTextWriter(TextWriter output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _line = new();

    public void WriteHeader(string name, string help, MetricType type)
    {
        output.Write("# HELP ");
        output.Write(name);
        output.Write(' ');
        output.Write(EscapeHelp(help));
        output.Write('\n');
        output.Write("# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type switch { MetricType.Counter => "counter", MetricType.Gauge => "gauge", _ => "histogram" });
        output.Write('\n');
    }

    public void WriteSample(string name, IReadOnlyList<string> labelNames, string[] labelValues, double value)
    {
        _line.Clear().Append(name);
        AppendLabels(labelNames, labelValues, null);
        _line.Append(' ').Append(FormatValue(value)).Append('\n');
        output.Write(_line);
    }

    public void WriteBucket(string name, IReadOnlyList<string> labelNames, string[] labelValues, double upperBound, long cumulativeCount)
    {
        _line.Clear().Append(name).Append("_bucket");
        AppendLabels(labelNames, labelValues, FormatValue(upperBound));
        _line.Append(' ').Append(cumulativeCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        output.Write(_line);
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny("\\\"\n") < 0 ? value : value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    private static string EscapeHelp(string help) => help.Replace("\\", @"\\").Replace("\n", @"\n");

    private void AppendLabels(IReadOnlyList<string> names, string[] values, string? le)
    {
        if (names.Count == 0 && le is null) return;
        _line.Append('{');
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0) _line.Append(',');
            _line.Append(names[i]).Append("=\"").Append(EscapeLabelValue(values[i])).Append('"');
        }
        if (le is not null) _line.Append(names.Count > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
        _line.Append('}');
    }
}
