using System.Globalization;
using Gyre.Core.Errors;
using YamlDotNet.RepresentationModel;

namespace Gyre.Monitoring.Validation;

/// <summary>
/// The arguments of one expectation in a suite file. Every read is checked for type, and
/// <see cref="EnsureAllUsed"/> rejects arguments the expectation does not know, naming the line.
/// </summary>
internal sealed class YamlArguments
{
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly string _source;
    public string Expectation { get; }
    public int Line { get; }

    public YamlArguments(string source, string expectation, int line, YamlMappingNode? mapping)
    {
        _source = source;
        Expectation = expectation;
        Line = line;
        if (mapping is null) return;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw Error(SuiteParser.LineOf(key), "argument names must be plain words");
            if (!_values.TryAdd(name, value)) throw Error(SuiteParser.LineOf(key), $"argument '{name}' is given twice");
        }
    }

    public bool Has(string key) => _values.ContainsKey(key);

    public void Set(string key, YamlNode value) => _values[key] = value;

    public double? OptionalDouble(string key)
    {
        if (!TryTake(key, out var node)) return null;
        if (node is YamlScalarNode { Value: { } text } &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        throw Error(SuiteParser.LineOf(node), $"'{key}' must be a number, got {Describe(node)}");
    }

    public double RequiredDouble(string key) =>
        OptionalDouble(key) ?? throw Error(Line, $"needs '{key}' (a number)");

    public double Fraction(string key, double? fallback = null)
    {
        var value = OptionalDouble(key) ?? fallback ?? throw Error(Line, $"needs '{key}' (a number between 0 and 1)");
        if (value is < 0 or > 1) throw Error(Line, $"'{key}' must be between 0 and 1, got {value.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    public long? OptionalLong(string key)
    {
        var value = OptionalDouble(key);
        if (value is null) return null;
        if (Math.Floor(value.Value) != value.Value) throw Error(Line, $"'{key}' must be a whole number, got {value.Value.ToString(CultureInfo.InvariantCulture)}");
        return (long)value.Value;
    }

    public bool Bool(string key, bool fallback)
    {
        if (!TryTake(key, out var node)) return fallback;
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value)) return value;
        throw Error(SuiteParser.LineOf(node), $"'{key}' must be true or false, got {Describe(node)}");
    }

    public string RequiredString(string key)
    {
        if (!TryTake(key, out var node)) throw Error(Line, $"needs '{key}'");
        if (node is YamlScalarNode { Value: { } text }) return text;
        throw Error(SuiteParser.LineOf(node), $"'{key}' must be a single value, got {Describe(node)}");
    }

    public IReadOnlyList<string> RequiredStringList(string key)
    {
        if (!TryTake(key, out var node)) throw Error(Line, $"needs '{key}' (a list)");
        if (node is not YamlSequenceNode sequence) throw Error(SuiteParser.LineOf(node), $"'{key}' must be a list, got {Describe(node)}");
        var result = new List<string>();
        foreach (var item in sequence)
        {
            if (item is not YamlScalarNode { Value: { } text }) throw Error(SuiteParser.LineOf(item), $"'{key}' items must be single values");
            result.Add(text);
        }
        if (result.Count == 0) throw Error(SuiteParser.LineOf(node), $"'{key}' must not be empty");
        return result;
    }

    public YamlMappingNode RequiredMapping(string key)
    {
        if (!TryTake(key, out var node)) throw Error(Line, $"needs '{key}' (a mapping)");
        return node as YamlMappingNode ?? throw Error(SuiteParser.LineOf(node), $"'{key}' must be a mapping of name: value, got {Describe(node)}");
    }

    /// <summary>Rejects any argument nobody read, listing the ones the expectation accepts.</summary>
    public void EnsureAllUsed(IEnumerable<string> accepted)
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count == 0) return;
        var list = string.Join(", ", accepted);
        throw Error(SuiteParser.LineOf(_values[unknown[0]]),
            $"unknown argument '{unknown[0]}'" + (list.Length > 0 ? $" (accepted: {list})" : " (it takes no arguments)"));
    }

    public GyreException Error(int line, string message) =>
        GyreException.InvalidParameter($"{_source} line {line}: expectation '{Expectation}': {message}");

    private bool TryTake(string key, out YamlNode node)
    {
        _used.Add(key);
        if (_values.TryGetValue(key, out node!) && !(node is YamlScalarNode { Value: null or "" or "~" } scalar && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain))
            return true;
        node = null!;
        return false;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
