using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests.Infrastructure.Helm;

/// <summary>
/// Renders a Helm chart's templates as <c>helm template</c> would, for the template subset <see cref="TemplateParser"/>
/// accepts and the functions below (quote, toYaml, nindent, indent, trunc, trimSuffix, printf, eq, not, default,
/// include). Helm itself is not packaged for this machine; a chart that outgrows the subset fails loudly.
/// </summary>
public sealed class HelmChartRenderer
{
    private readonly Dictionary<string, IReadOnlyList<TemplateNode>> _defines = new(StringComparer.Ordinal);
    private readonly List<(string File, IReadOnlyList<TemplateNode> Nodes)> _templates = [];
    private readonly YamlMappingNode _chart;
    private readonly YamlMappingNode _values;
    private readonly string _releaseName;

    public HelmChartRenderer(string chartDirectory, string releaseName = "gyre", IReadOnlyDictionary<string, string>? valueOverrides = null)
    {
        _releaseName = releaseName;
        _chart = LoadMapping(Path.Combine(chartDirectory, "Chart.yaml"));
        _values = LoadMapping(Path.Combine(chartDirectory, "values.yaml"));
        foreach (var (path, value) in valueOverrides ?? new Dictionary<string, string>()) Set(_values, path, value);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(chartDirectory, "templates")).Order(StringComparer.Ordinal))
        {
            var nodes = TemplateParser.Parse(File.ReadAllText(file), _defines, Path.GetFileName(file));
            if (!Path.GetFileName(file).StartsWith('_')) _templates.Add((Path.GetFileName(file), nodes));
        }
    }

    /// <summary>Each non-helper template's output, as helm template prints it (before YAML parsing).</summary>
    public IReadOnlyList<(string File, string Text)> Render() =>
        _templates.Select(t => (t.File, RenderNodes(t.Nodes, Root))).ToList();

    private object Root => this;

    private string RenderNodes(IReadOnlyList<TemplateNode> nodes, object dot)
    {
        var output = new StringBuilder();
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case ActionNode action:
                    output.Append(Print(EvaluatePipeline(action.Pipeline, dot)));
                    break;
                case IfNode block:
                    output.Append(RenderNodes(IsTrue(EvaluatePipeline(block.Condition, dot)) ? block.Then : block.Else, dot));
                    break;
            }
        }
        return output.ToString();
    }

    private object? EvaluatePipeline(string pipeline, object dot)
    {
        object? piped = null;
        var first = true;
        foreach (var command in SplitPipeline(pipeline))
        {
            var words = Words(command);
            if (words.Count == 0) throw new InvalidDataException($"empty command in '{pipeline}'");
            var args = words.Skip(1).Select(w => Term(w, dot)).ToList();
            if (!first) args.Add(piped);
            if (IsFunctionName(words[0])) piped = Call(words[0], args, dot);
            else if (args.Count == 0) piped = Term(words[0], dot);
            else throw new InvalidDataException($"'{command}' is not a function call");
            first = false;
        }
        return piped;
    }

    private object? Call(string function, List<object?> args, object dot)
    {
        string Text(int i) => Print(args[i]);
        int Int(int i) => int.Parse(Text(i), CultureInfo.InvariantCulture);
        return function switch
        {
            "quote" => "\"" + Text(0).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
            "toYaml" => ToYaml(args[0]).TrimEnd('\n'),
            "nindent" => "\n" + Indent(Text(1), Int(0)),
            "indent" => Indent(Text(1), Int(0)),
            "trunc" => Text(1).Length > Int(0) ? Text(1)[..Int(0)] : Text(1),
            "trimSuffix" => Text(1).EndsWith(Text(0), StringComparison.Ordinal) ? Text(1)[..^Text(0).Length] : Text(1),
            "printf" => Printf(Text(0), args.Skip(1).Select(Print).ToArray()),
            "eq" => Text(0) == Text(1),
            "not" => !IsTrue(args[0]),
            "default" => IsTrue(args[1]) ? args[1] : args[0],
            "include" => _defines.TryGetValue(Text(0), out var body)
                ? RenderNodes(body, args[1] ?? dot)
                : throw new InvalidDataException($"include of undefined template \"{Text(0)}\""),
            _ => throw new NotSupportedException($"template function '{function}' is outside the subset these tests render"),
        };
    }

    private object? Term(string word, object dot)
    {
        if (word.StartsWith('"')) return word[1..^1].Replace("\\\"", "\"").Replace("\\\\", "\\");
        if (word == ".") return dot;
        if (char.IsAsciiDigit(word[0]) || word[0] == '-') return word;
        if (word is "true" or "false") return word == "true";
        if (!word.StartsWith('.')) throw new NotSupportedException($"'{word}' is outside the template subset these tests render");
        var parts = word[1..].Split('.');
        return parts[0] switch
        {
            "Values" => Lookup(_values, parts.Skip(1)),
            "Chart" => Lookup(_chart, parts.Skip(1).Select(p => char.ToLowerInvariant(p[0]) + p[1..])),
            "Release" when parts.Length == 2 => parts[1] switch
            {
                "Name" => _releaseName,
                "Namespace" => "default",
                "Service" => "Helm",
                _ => throw new NotSupportedException($"{word} is not rendered by these tests"),
            },
            _ => throw new NotSupportedException($"{word} is not rendered by these tests"),
        };
    }

    private static object? Lookup(YamlNode node, IEnumerable<string> path)
    {
        var current = (YamlNode?)node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping) return null;
            current = mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }
        return current;
    }

    private static bool IsFunctionName(string word) => word.Length > 0 && char.IsAsciiLetter(word[0]) && word is not ("true" or "false");

    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        YamlScalarNode scalar => scalar.Value is { Length: > 0 } v && v is not ("false" or "0" or "null" or "~") ,
        YamlMappingNode mapping => mapping.Children.Count > 0,
        YamlSequenceNode sequence => sequence.Children.Count > 0,
        _ => true,
    };

    private static string Print(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlNode node => ToYaml(node).TrimEnd('\n'),
        _ => value.ToString() ?? "",
    };

    private static string Printf(string format, string[] args)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '%' && i + 1 < format.Length && format[i + 1] is 's' or 'd' or 'v')
            {
                output.Append(args[next++]);
                i++;
            }
            else output.Append(format[i]);
        }
        return output.ToString();
    }

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }

    /// <summary>Block-style YAML of a values node, as Helm's toYaml prints it (keys in file order).</summary>
    private static string ToYaml(object? value)
    {
        var output = new StringBuilder();
        WriteYaml(output, value as YamlNode ?? new YamlScalarNode(Print(value)), 0);
        return output.ToString();
    }

    private static void WriteYaml(StringBuilder output, YamlNode node, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    output.Append(pad).Append(((YamlScalarNode)key).Value).Append(':');
                    if (child is YamlScalarNode leaf) output.Append(' ').Append(Scalar(leaf)).Append('\n');
                    else if (IsEmpty(child)) output.Append(child is YamlMappingNode ? " {}\n" : " []\n");
                    else
                    {
                        output.Append('\n');
                        WriteYaml(output, child, indent + 2);
                    }
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode leaf) output.Append(pad).Append("- ").Append(Scalar(leaf)).Append('\n');
                    else
                    {
                        var nested = new StringBuilder();
                        WriteYaml(nested, item, indent + 2);
                        output.Append(pad).Append("- ").Append(nested.ToString().TrimStart(' '));
                    }
                }
                break;
            case YamlScalarNode scalar:
                output.Append(pad).Append(Scalar(scalar)).Append('\n');
                break;
        }
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Count == 0,
        YamlSequenceNode s => s.Children.Count == 0,
        _ => false,
    };

    private static string Scalar(YamlScalarNode scalar) =>
        scalar.Style is YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted
            ? "\"" + (scalar.Value ?? "").Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : scalar.Value ?? "null";

    private static IEnumerable<string> SplitPipeline(string pipeline)
    {
        var start = 0;
        var inString = false;
        for (var i = 0; i < pipeline.Length; i++)
        {
            if (inString)
            {
                if (pipeline[i] == '\\') i++;
                else if (pipeline[i] == '"') inString = false;
            }
            else if (pipeline[i] == '"') inString = true;
            else if (pipeline[i] == '(' || pipeline[i] == ')')
                throw new NotSupportedException($"parentheses in '{pipeline}' are outside the template subset these tests render");
            else if (pipeline[i] == '|')
            {
                yield return pipeline[start..i].Trim();
                start = i + 1;
            }
        }
        yield return pipeline[start..].Trim();
    }

    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var i = 0;
        while (i < command.Length)
        {
            if (char.IsWhiteSpace(command[i]))
            {
                i++;
                continue;
            }
            var start = i;
            if (command[i] == '"')
            {
                for (i++; i < command.Length && command[i] != '"'; i++)
                    if (command[i] == '\\') i++;
                i++;
            }
            else
                while (i < command.Length && !char.IsWhiteSpace(command[i])) i++;
            words.Add(command[start..i]);
        }
        return words;
    }

    private static YamlMappingNode LoadMapping(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
            ? mapping
            : throw new InvalidDataException($"{path} is not one YAML mapping");
    }

    /// <summary>Sets a dotted values path (e.g. serviceMonitor.enabled) as <c>helm --set</c> does.</summary>
    private static void Set(YamlMappingNode values, string path, string value)
    {
        var parts = path.Split('.');
        var current = values;
        foreach (var part in parts[..^1])
        {
            if (!current.Children.TryGetValue(new YamlScalarNode(part), out var child) || child is not YamlMappingNode next)
            {
                next = new YamlMappingNode();
                current.Children[new YamlScalarNode(part)] = next;
            }
            current = next;
        }
        current.Children[new YamlScalarNode(parts[^1])] = new YamlScalarNode(value);
    }
}
