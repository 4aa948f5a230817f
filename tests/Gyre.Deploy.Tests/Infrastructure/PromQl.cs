using System.Text;
using System.Text.RegularExpressions;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>Finds the metric names a PromQL expression selects (what must exist for it to return data).</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "inf", "nan", "atan2",
    };

    /// <summary>
    /// The metric names in <paramref name="expression"/>: identifiers that are neither functions, aggregations nor
    /// keywords, outside label matchers, range brackets, strings and by/without/on/ignoring label lists.
    /// Grafana's <c>label_values(metric, label)</c> names one metric.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var labelValues = LabelValuesCall().Match(expression);
        if (labelValues.Success) return new HashSet<string>(StringComparer.Ordinal) { labelValues.Groups[1].Value };

        var text = Strip(expression);
        text = LabelList().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Value;
            var after = text.AsSpan(match.Index + match.Length).TrimStart();
            if (after.Length > 0 && after[0] == '(') continue; // a function or aggregation
            if (Keywords.Contains(name)) continue;
            names.Add(name);
        }
        return names;
    }

    /// <summary>Blanks out strings, label matchers {...} and ranges [...], which hold label names, values and durations.</summary>
    private static string Strip(string expression)
    {
        var output = new StringBuilder(expression.Length);
        var depthBrace = 0;
        var depthBracket = 0;
        char quote = '\0';
        foreach (var c in expression)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                output.Append(' ');
                continue;
            }
            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    output.Append(' ');
                    continue;
                case '{':
                    depthBrace++;
                    break;
                case '}':
                    depthBrace--;
                    output.Append(' ');
                    continue;
                case '[':
                    depthBracket++;
                    break;
                case ']':
                    depthBracket--;
                    output.Append(' ');
                    continue;
            }
            output.Append(depthBrace > 0 || depthBracket > 0 ? ' ' : c);
        }
        return output.ToString();
    }

    [GeneratedRegex(@"^\s*label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")]
    private static partial Regex LabelValuesCall();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelList();

    // Not preceded by a digit, dot, letter or $ (numbers like 1e3, Grafana variables like $__rate_interval).
    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
