using System.Globalization;

namespace Gyre.Cli.Commands.Quickstart;

/// <summary>One sample of the server's <c>/metrics</c> (Prometheus text format): name, labels, value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Reads <c>/metrics</c> and keeps the samples whose labels include <c>deployment="name"</c>.</summary>
    public static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(HttpClient http, string deployment, CancellationToken ct)
    {
        var text = await http.GetStringAsync("metrics", ct);
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (Parse(line) is { } sample && sample.Labels.TryGetValue("deployment", out var d) && d == deployment) samples.Add(sample);
        }
        return samples;
    }

    /// <summary>Parses <c>name{a="x",b="y"} value</c>; null for lines it does not understand.</summary>
    private static MetricSample? Parse(string line)
    {
        var brace = line.IndexOf('{');
        var space = line.LastIndexOf(' ');
        if (space <= 0) return null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string name;
        if (brace > 0 && brace < space)
        {
            name = line[..brace];
            var close = line.LastIndexOf('}');
            if (close < brace) return null;
            var body = line[(brace + 1)..close];
            var i = 0;
            while (i < body.Length)
            {
                var eq = body.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= body.Length || body[eq + 1] != '"') break;
                var value = new System.Text.StringBuilder();
                var j = eq + 2;
                for (; j < body.Length && body[j] != '"'; j++)
                {
                    if (body[j] == '\\' && j + 1 < body.Length) j++;
                    value.Append(body[j]);
                }
                labels[body[i..eq].Trim()] = value.ToString();
                i = j + 1;
                if (i < body.Length && body[i] == ',') i++;
            }
        }
        else name = line[..space];
        return double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new MetricSample(name.Trim(), labels, number)
            : null;
    }
}
