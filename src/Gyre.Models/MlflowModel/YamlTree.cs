using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gyre.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gyre.Models.MlflowModel;

/// <summary>
/// YAML as plain .NET values (maps as <c>Dictionary&lt;string, object?&gt;</c>, lists, strings, longs,
/// doubles, bools, null), read with YamlDotNet and written the way PyYAML's <c>safe_dump</c> writes
/// MLmodel files: block style, keys sorted, strings quoted only where YAML would read them as
/// something else.
/// </summary>
internal static partial class YamlTree
{
    public static Dictionary<string, object?> ParseMapping(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw GyreException.InvalidParameter($"'{source}' is not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw GyreException.InvalidParameter($"'{source}' does not hold a YAML mapping.");
        return (Dictionary<string, object?>)Convert(root)!;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            p => p.Key is YamlScalarNode k ? k.Value ?? "" : throw GyreException.InvalidParameter("YAML mapping keys must be scalars."),
            p => Convert(p.Value)),
        YamlSequenceNode seq => seq.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return value;
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return true;
        if (value is "false" or "False" or "FALSE") return false;
        if (IntPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return value;
    }

    /// <param name="sortKeys">PyYAML's sort_keys; MLflow sorts MLmodel keys but not python_env.yaml's.</param>
    public static string Write(IReadOnlyDictionary<string, object?> root, bool sortKeys = true)
    {
        var b = new StringBuilder();
        WriteMapping(b, root, 0, sortKeys);
        return b.ToString();
    }

    private static void WriteMapping(StringBuilder b, IReadOnlyDictionary<string, object?> map, int indent, bool sortKeys = true)
    {
        foreach (var key in sortKeys ? map.Keys.Order(StringComparer.Ordinal) : map.Keys)
        {
            b.Append(' ', indent).Append(Quote(key)).Append(':');
            WriteValue(b, map[key], indent, inSequence: false);
        }
    }

    private static void WriteValue(StringBuilder b, object? value, int indent, bool inSequence)
    {
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> { Count: > 0 } map:
                if (inSequence)
                {
                    // "- key: value" with the following keys aligned under the first.
                    var sb = new StringBuilder();
                    WriteMapping(sb, map, indent + 2);
                    b.Append(' ').Append(sb.ToString().TrimStart());
                }
                else
                {
                    b.Append('\n');
                    WriteMapping(b, map, indent + 2);
                }
                break;
            case IReadOnlyDictionary<string, object?>:
                b.Append(" {}\n");
                break;
            case System.Collections.IList { Count: > 0 } list when value is not string:
                b.Append('\n');
                foreach (var item in list)
                {
                    b.Append(' ', indent).Append('-');
                    WriteValue(b, item, indent, inSequence: true);
                }
                break;
            case System.Collections.IList when value is not string:
                b.Append(" []\n");
                break;
            default:
                b.Append(' ').Append(ScalarText(value)).Append('\n');
                break;
        }
    }

    private static string ScalarText(object? value) => value switch
    {
        null => "null",
        bool v => v ? "true" : "false",
        int or long => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        _ => Quote(System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A string as PyYAML writes it: plain when it reads back as the same string, else quoted.</summary>
    public static string Quote(string s)
    {
        bool needsDouble = s.Any(c => c < 0x20 || c > 0x7e);
        if (needsDouble)
        {
            var b = new StringBuilder("\"");
            foreach (var c in s)
            {
                if (c == '"') b.Append("\\\"");
                else if (c == '\\') b.Append("\\\\");
                else if (c == '\n') b.Append("\\n");
                else if (c == '\t') b.Append("\\t");
                else if (c < 0x20 || c > 0x7e) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else b.Append(c);
            }
            return b.Append('"').ToString();
        }
        bool plain = s.Length > 0
            && (!" -?:,[]{}#&*!|>'\"%@`".Contains(s[0]) || ("-?:".Contains(s[0]) && s.Length > 1 && s[1] != ' ' && s != "---"))
            && !s.EndsWith(' ') && !s.EndsWith(':')
            && !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal)
            && Scalar(new YamlScalarNode(s)) is string
            && !TimestampPattern().IsMatch(s)
            && !ResolvesAsPyYamlSpecial(s);
        return plain ? s : "'" + s.Replace("'", "''") + "'";
    }

    // PyYAML (YAML 1.1) also reads yes/no/on/off as booleans, and 1_000, 0x1f, .inf as numbers.
    private static bool ResolvesAsPyYamlSpecial(string s) =>
        s.ToLowerInvariant() is "yes" or "no" or "on" or "off" or "y" or "n" or ".inf" or "-.inf" or "+.inf" or ".nan" or "="
        || Yaml11NumberPattern().IsMatch(s);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[-+]?(0x[0-9a-fA-F_]+|0b[01_]+|0[0-7_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+][0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")]
    private static partial Regex Yaml11NumberPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)")]
    private static partial Regex TimestampPattern();
}
