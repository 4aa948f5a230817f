using YamlDotNet.RepresentationModel;

namespace Gyre.Deploy.Tests.Infrastructure;

/// <summary>Loading YAML files and walking their nodes with clear failures when a key is missing.</summary>
public static class Yaml
{
    /// <summary>Every document of a YAML file (a file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlDocument> LoadDocuments(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception error) when (error is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            // YamlDotNet reports some malformed input (an unclosed flow sequence) as InvalidOperationException.
            throw new InvalidDataException($"{source} is not valid YAML: {error.Message}", error);
        }
        return stream.Documents.ToList();
    }

    public static YamlMappingNode LoadMapping(string path)
    {
        var documents = LoadDocuments(File.ReadAllText(path), RepositoryPaths.Relative(path));
        return documents.Count == 1 && documents[0].RootNode is YamlMappingNode mapping
            ? mapping
            : throw new InvalidDataException($"{RepositoryPaths.Relative(path)} is not one YAML mapping");
    }

    public static YamlNode? Child(this YamlNode node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Child(key) as YamlMappingNode ?? throw new KeyNotFoundException($"no mapping '{key}' at {node.Start}");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Child(key) as YamlSequenceNode ?? throw new KeyNotFoundException($"no list '{key}' at {node.Start}");

    public static string Str(this YamlNode node, string key) =>
        (node.Child(key) as YamlScalarNode)?.Value ?? throw new KeyNotFoundException($"no value '{key}' at {node.Start}");

    public static string? StrOrNull(this YamlNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<string> Strings(this YamlSequenceNode sequence) => sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "");

    /// <summary>Every node below <paramref name="node"/> (itself included), depth first.</summary>
    public static IEnumerable<YamlNode> Descendants(this YamlNode node)
    {
        yield return node;
        var children = node switch
        {
            YamlMappingNode m => m.Children.Values,
            YamlSequenceNode s => s.Children,
            _ => (IEnumerable<YamlNode>)[],
        };
        foreach (var child in children)
            foreach (var d in child.Descendants()) yield return d;
    }
}
