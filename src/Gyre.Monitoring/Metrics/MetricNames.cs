using Gyre.Core.Errors;

namespace Gyre.Monitoring.Metrics;

/// <summary>The naming rules of Prometheus' data model.</summary>
internal static class MetricNames
{
    public static string CheckMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsNameStart(name[0], allowColon: true) || !name.All(c => IsNameChar(c, allowColon: true)))
            throw GyreException.InvalidParameter($"'{name}' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).");
        return name;
    }

    public static IReadOnlyList<string> CheckLabelNames(IReadOnlyList<string> names, MetricType type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrEmpty(name) || !IsNameStart(name[0], allowColon: false) || !name.All(c => IsNameChar(c, allowColon: false)) || name.StartsWith("__", StringComparison.Ordinal))
                throw GyreException.InvalidParameter($"'{name}' is not a valid Prometheus label name.");
            if (type == MetricType.Histogram && name == "le")
                throw GyreException.InvalidParameter("A histogram cannot have a label named 'le'.");
            if (!seen.Add(name)) throw GyreException.InvalidParameter($"Label '{name}' is named twice.");
        }
        return names.ToArray();
    }

    private static bool IsNameStart(char c, bool allowColon) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (allowColon && c == ':');

    private static bool IsNameChar(char c, bool allowColon) => IsNameStart(c, allowColon) || c is >= '0' and <= '9';
}
