using Gyre.Core.Errors;
using Gyre.Monitoring.Validation.Expectations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gyre.Monitoring.Validation;

/// <summary>
/// Reads an expectation suite from YAML (format: docs/validation.md). Errors name the file, the line
/// and the expectation, and suggest the closest known name for a misspelt one.
/// </summary>
public static class SuiteParser
{
    private static readonly string[] TopLevelKeys = ["suite", "description", "table", "columns"];

    public static ExpectationSuite Load(string path)
    {
        if (!File.Exists(path)) throw GyreException.InvalidParameter($"Suite file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static ExpectationSuite Parse(string yaml, string source = "suite")
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw GyreException.InvalidParameter($"{source} line {e.Start.Line}: not valid YAML: {Innermost(e).Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw GyreException.InvalidParameter($"{source}: a suite is a YAML mapping with 'suite', 'table' and/or 'columns' keys.");

        string? name = null, description = null;
        var expectations = new List<Expectation>();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            switch (key)
            {
                case "suite":
                    name = Scalar(value, source, "suite");
                    break;
                case "description":
                    description = Scalar(value, source, "description");
                    break;
                case "table":
                    foreach (var item in Sequence(value, source, "table"))
                        expectations.Add(ParseEntry(item, column: null, source));
                    break;
                case "columns":
                    if (value is not YamlMappingNode columns)
                        throw GyreException.InvalidParameter($"{source} line {LineOf(value)}: 'columns' must map each column name to a list of expectations.");
                    foreach (var (columnKey, list) in columns.Children)
                    {
                        var column = (columnKey as YamlScalarNode)?.Value;
                        if (string.IsNullOrEmpty(column))
                            throw GyreException.InvalidParameter($"{source} line {LineOf(columnKey)}: column names must be plain text.");
                        var entries = list is YamlScalarNode single && !string.IsNullOrEmpty(single.Value)
                            ? [single]
                            : Sequence(list, source, $"columns.{column}");
                        foreach (var item in entries) expectations.Add(ParseEntry(item, column, source));
                    }
                    break;
                default:
                    throw GyreException.InvalidParameter(
                        $"{source} line {LineOf(keyNode)}: unknown key '{key}' (a suite has: {string.Join(", ", TopLevelKeys)}).");
            }
        }
        if (expectations.Count == 0)
            throw GyreException.InvalidParameter($"{source}: the suite has no expectations (add them under 'table:' or 'columns:').");
        return new ExpectationSuite(name ?? Path.GetFileNameWithoutExtension(source), expectations, description);
    }

    internal static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>One list item: <c>not_null</c>, <c>between: {min: 0}</c>, or a shorthand like <c>in_set: [a, b]</c>.</summary>
    private static Expectation ParseEntry(YamlNode item, string? column, string source)
    {
        string name;
        YamlNode? argumentsNode;
        switch (item)
        {
            case YamlScalarNode { Value: { Length: > 0 } scalar }:
                name = scalar;
                argumentsNode = null;
                break;
            case YamlMappingNode { Children.Count: 1 } mapping:
                var (k, v) = mapping.Children.First();
                name = (k as YamlScalarNode)?.Value ?? "";
                argumentsNode = v;
                break;
            case YamlMappingNode mapping:
                throw GyreException.InvalidParameter(
                    $"{source} line {LineOf(item)}: each list item is one expectation, e.g. '- between: {{min: 0, max: 1}}'; " +
                    $"this one has {mapping.Children.Count} keys ({string.Join(", ", mapping.Children.Keys.OfType<YamlScalarNode>().Select(s => s.Value))}) - indent the arguments under the name.");
            default:
                throw GyreException.InvalidParameter($"{source} line {LineOf(item)}: expected an expectation name, e.g. '- not_null'.");
        }
        var line = LineOf(item);
        if (!ExpectationCatalog.TryGet(name, out var definition))
        {
            var suggestion = ExpectationCatalog.Closest(name);
            throw GyreException.InvalidParameter(
                $"{source} line {line}: unknown expectation '{name}'" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)") +
                $". Known expectations: {string.Join(", ", ExpectationCatalog.Names)}.");
        }

        var mappingArgs = argumentsNode as YamlMappingNode;
        var args = new YamlArguments(source, name, line, mappingArgs);
        if (argumentsNode is not null and not YamlMappingNode && !(argumentsNode is YamlScalarNode { Value: null or "" }))
        {
            // Shorthand: the value stands for the expectation's main argument (in_set: [a, b], max_null_rate: 0.1).
            if (definition.Shorthand is null)
                throw args.Error(LineOf(argumentsNode), $"takes named arguments ({string.Join(", ", definition.Arguments)}), e.g. '{name}: {{{definition.Arguments.FirstOrDefault()}: ...}}'");
            args.Set(definition.Shorthand, argumentsNode);
        }

        if (definition.Scope == ExpectationScope.Table)
        {
            if (column is not null)
                throw args.Error(line, "is a table-level expectation; put it under 'table:' rather than under a column");
        }
        else if (column is null)
        {
            column = args.Has("column") ? args.RequiredString("column")
                : throw args.Error(line, "checks one column: put it under 'columns: <name>:' or give 'column: <name>'");
        }
        var expectation = definition.Create(args, column, line);
        args.EnsureAllUsed(definition.Scope == ExpectationScope.Table || args.Has("column") ? [.. definition.Arguments, "column"] : definition.Arguments);
        return expectation;
    }

    private static string? Scalar(YamlNode node, string source, string key) =>
        node is YamlScalarNode s ? s.Value
            : throw GyreException.InvalidParameter($"{source} line {LineOf(node)}: '{key}' must be text.");

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string source, string key) => node switch
    {
        YamlSequenceNode seq => seq.Children,
        YamlScalarNode { Value: null or "" } => [],
        _ => throw GyreException.InvalidParameter($"{source} line {LineOf(node)}: '{key}' must be a list of expectations (lines starting with '- ')."),
    };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
