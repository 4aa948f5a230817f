using System.Globalization;
using Gyre.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gyre.Learn.Gates;

/// <summary>
/// A list of gate rules, read from YAML:
/// <code>
/// gates:
///   - metric: roc_auc        # accuracy, precision, recall, f1, roc_auc, log_loss, rmse, mae, r2
///     min: 0.80
///   - latency_p99_ms: 5      # optional: sample_rows (default 200)
///   - max_size_mb: 50
///   - fairness: { group: region, metric: positive_rate, max_gap: 0.1 }   # accuracy, positive_rate, recall
///   - no_regression: { alpha: 0.05 }
/// </code>
/// Each rule may carry a <c>name</c>. A suite used without a command line (the registry's gate on the
/// transition to Production) also names its holdout:
/// <code>
/// holdout:
///   data: holdout.csv      # relative to the suite file
///   target: churn
/// </code>
/// </summary>
public sealed record GateSuite(IReadOnlyList<GateRule> Rules)
{
    /// <summary>The labelled holdout named in the file (null when the caller supplies one).</summary>
    public GateHoldout? Holdout { get; init; }

    public static readonly string[] Metrics = ["accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "rmse", "mae", "r2"];

    public static GateSuite Load(string path)
    {
        if (!File.Exists(path)) throw GyreException.InvalidParameter($"Gate file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseDirectory">Where a relative holdout path is resolved (default: the current directory).</param>
    public static GateSuite Parse(string yaml, string source = "gates", string? baseDirectory = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException error)
        {
            throw GyreException.InvalidParameter($"{source}: not valid YAML at line {error.Start.Line}: {error.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("gates"), out var gatesNode) || gatesNode is not YamlSequenceNode gates)
            throw GyreException.InvalidParameter($"{source}: expected a top-level 'gates:' list.");
        var rules = new List<GateRule>();
        foreach (var node in gates)
        {
            if (node is not YamlMappingNode rule) throw Error(source, node, "each gate must be a mapping");
            rules.Add(ParseRule(rule, source));
        }
        if (rules.Count == 0) throw GyreException.InvalidParameter($"{source}: the gates list is empty.");
        GateHoldout? holdout = null;
        if (root.Children.TryGetValue(new YamlScalarNode("holdout"), out var holdoutNode))
        {
            if (holdoutNode is not YamlMappingNode holdoutMap) throw Error(source, holdoutNode, "holdout must be a mapping with data and target");
            var data = Scalar(holdoutMap, "data") ?? throw Error(source, holdoutMap, "holdout needs 'data' (a CSV path)");
            var target = Scalar(holdoutMap, "target") ?? throw Error(source, holdoutMap, "holdout needs 'target' (the label column)");
            holdout = new GateHoldout(Path.GetFullPath(data, baseDirectory ?? Directory.GetCurrentDirectory()), target);
        }
        return new GateSuite(rules) { Holdout = holdout };
    }

    private static GateRule ParseRule(YamlMappingNode rule, string source)
    {
        var keys = rule.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToArray();
        var name = Scalar(rule, "name");
        if (keys.Contains("metric"))
        {
            var metric = Scalar(rule, "metric")!;
            if (!Metrics.Contains(metric)) throw Error(source, rule, $"unknown metric '{metric}'; known: {string.Join(", ", Metrics)}");
            var min = Number(rule, "min", source);
            var max = Number(rule, "max", source);
            if (min is null && max is null) throw Error(source, rule, $"metric gate '{metric}' needs min or max");
            return new MetricGate(name ?? metric, metric, min, max);
        }
        if (keys.Contains("latency_p99_ms"))
            return new LatencyGate(name ?? "latency_p99", Positive(rule, "latency_p99_ms", source), (int)(Number(rule, "sample_rows", source) ?? 200));
        if (keys.Contains("max_size_mb"))
            return new SizeGate(name ?? "model_size", (long)(Positive(rule, "max_size_mb", source) * 1024 * 1024));
        if (rule.Children.TryGetValue(new YamlScalarNode("fairness"), out var fairnessNode) && fairnessNode is YamlMappingNode fairness)
        {
            var group = Scalar(fairness, "group") ?? throw Error(source, fairness, "fairness needs a group column");
            var metric = Scalar(fairness, "metric") ?? "positive_rate";
            if (metric is not ("accuracy" or "positive_rate" or "recall"))
                throw Error(source, fairness, $"fairness metric must be accuracy, positive_rate or recall, not '{metric}'");
            return new FairnessGate(name ?? $"fairness_{group}", group, metric, Positive(fairness, "max_gap", source));
        }
        if (rule.Children.TryGetValue(new YamlScalarNode("no_regression"), out var regressionNode))
        {
            var alpha = regressionNode is YamlMappingNode r ? Number(r, "alpha", source) ?? 0.05 : 0.05;
            if (!(alpha is > 0 and < 1)) throw Error(source, rule, $"no_regression alpha must be in (0, 1), got {alpha}");
            return new NoRegressionGate(name ?? "no_regression", alpha);
        }
        throw Error(source, rule, $"unknown gate ({string.Join(", ", keys)}); use metric, latency_p99_ms, max_size_mb, fairness or no_regression");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static double? Number(YamlMappingNode node, string key, string source)
    {
        var text = Scalar(node, key);
        if (text is null) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(source, node, $"'{key}' must be a number, not '{text}'");
    }

    private static double Positive(YamlMappingNode node, string key, string source) =>
        Number(node, key, source) is { } value && value > 0 ? value : throw Error(source, node, $"'{key}' must be a positive number");

    private static GyreException Error(string source, YamlNode node, string message) =>
        GyreException.InvalidParameter($"{source} line {node.Start.Line}: {message}.");
}
