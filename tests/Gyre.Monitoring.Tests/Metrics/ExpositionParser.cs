using System.Globalization;
using System.Text;

namespace Gyre.Monitoring.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written from its specification, so tests check
/// the exposition the way a scraper reads it rather than by string comparison.
/// </summary>
internal sealed class ExpositionParser
{
    public Dictionary<string, string> Types { get; } = [];

    public Dictionary<string, string> Helps { get; } = [];

    public List<(string Name, Dictionary<string, string> Labels, double Value)> Samples { get; } = [];

    public static ExpositionParser Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var parser = new ExpositionParser();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ');
                Assert.True(parser.Helps.TryAdd(rest[..space], rest[(space + 1)..]), $"HELP twice for {rest[..space]}");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[1], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(parser.Types.TryAdd(parts[0], parts[1]), $"TYPE twice for {parts[0]}");
            }
            else if (line.StartsWith('#')) continue;
            else parser.Samples.Add(ParseSample(line));
        }
        return parser;
    }

    public double Value(string name, params (string Name, string Value)[] labels) =>
        Samples.Single(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value) && s.Labels.Count == labels.Length).Value;

    private static (string, Dictionary<string, string>, double) ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                Assert.Equal('"', line[eq + 1]);
                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', '\\' => '\\', '"' => '"', var c => throw new FormatException($"bad escape \\{c}") });
                    }
                    else value.Append(line[j]);
                }
                labels.Add(labelName, value.ToString());
                i = j + 1;
                if (line[i] == ',') i++;
            }
            i++;
        }
        Assert.Equal(' ', line[i]);
        var text = line[(i + 1)..];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return (name, labels, number);
    }
}
