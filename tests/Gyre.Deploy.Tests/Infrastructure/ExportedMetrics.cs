namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>Sample and family names in a Prometheus text exposition (histograms add _bucket, _sum and _count).</summary>
public static class ExportedMetrics
{
    public static IReadOnlySet<string> Names(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                names.Add(line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith('#')) continue;
            var end = line.IndexOfAny(['{', ' ']);
            names.Add(end < 0 ? line : line[..end]);
        }
        return names;
    }
}
