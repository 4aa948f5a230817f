using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// Reads XGBoost's model document (the tree that <c>Booster.save_model</c> writes as JSON or UBJSON) into an
/// <see cref="XgboostModel"/>. Supports gbtree and dart boosters with numerical splits.
/// </summary>
internal static class XgboostModelReader
{
    public static XgboostModel Read(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            int first = 0;
            while (first < bytes.Length && bytes[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
            if (first >= bytes.Length) throw Invalid(source, "the file is empty");
            // A JSON document starts with '{'; UBJSON starts with '{' followed by a length marker.
            bool ubjson = bytes[first] == (byte)'{' && first + 1 < bytes.Length && bytes[first + 1] is (byte)'L' or (byte)'l' or (byte)'i' or (byte)'U' or (byte)'I' or (byte)'#' or (byte)'$';
            JsonNode? root = ubjson
                ? UbjsonReader.Parse(bytes)
                : JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            return FromDocument(root, source);
        }
        catch (JsonException e)
        {
            throw Invalid(source, $"it is not valid JSON ({e.Message})");
        }
        catch (GyreException e) when (e.Code == ErrorCode.INVALID_PARAMETER_VALUE && !e.Message.Contains(source, StringComparison.Ordinal))
        {
            throw new GyreException(e.Code, $"'{source}' is not a valid XGBoost model: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw Invalid(source, e.Message);
        }
    }

    private static XgboostModel FromDocument(JsonNode? root, string source)
    {
        var learner = Member(root, "learner", source);
        var param = Member(learner, "learner_model_param", source);
        var objective = XgboostObjective.Parse(String(Member(Member(learner, "objective", source), "name", source), "objective.name", source));
        int featureCount = (int)Integer(Member(param, "num_feature", source), "num_feature", source);
        int numClass = param["num_class"] is { } nc ? (int)Integer(nc, "num_class", source) : 0;
        int numTarget = param["num_target"] is { } nt ? (int)Integer(nt, "num_target", source) : 1;
        int groups = Math.Max(1, Math.Max(numClass, numTarget));
        if (featureCount < 0 || groups > 100_000) throw Invalid(source, "num_feature or num_class is out of range");

        var baseScores = BaseScores(Member(param, "base_score", source), groups, source);
        var baseMargins = baseScores.Select(objective.BaseMargin).ToArray();

        var booster = Member(learner, "gradient_booster", source);
        var boosterName = booster["name"] is { } bn ? String(bn, "gradient_booster.name", source) : "gbtree";
        JsonNode model;
        float[]? treeWeights = null;
        switch (boosterName)
        {
            case "gbtree":
                model = Member(booster, "model", source);
                break;
            case "dart":
                model = Member(Member(booster, "gbtree", source), "model", source);
                treeWeights = Member(booster, "weight_drop", source).AsArray().Select(w => Float(w, "weight_drop", source)).ToArray();
                break;
            default:
                throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"'{source}': the XGBoost booster '{boosterName}' is not supported (gbtree and dart are).");
        }

        var trees = Member(model, "trees", source).AsArray();
        var treeInfo = Member(model, "tree_info", source).AsArray();
        if (treeInfo.Count != trees.Count) throw Invalid(source, $"tree_info has {treeInfo.Count} entries for {trees.Count} trees");
        if (treeWeights is not null && treeWeights.Length != trees.Count) throw Invalid(source, "weight_drop does not have one weight per tree");

        var builder = new TreeEnsembleBuilder(featureCount, baseMargins);
        for (int t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var left = Ints(Member(tree, "left_children", source), source);
            var right = Ints(Member(tree, "right_children", source), source);
            var feature = Ints(Member(tree, "split_indices", source), source);
            var condition = Floats(Member(tree, "split_conditions", source), source);
            var defaultLeft = Ints(Member(tree, "default_left", source), source).Select(d => d != 0).ToArray();
            if (tree!["split_type"] is JsonArray splitTypes && splitTypes.Any(s => s is not null && Integer(s, "split_type", source) != 0))
                throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"'{source}': tree {t} uses categorical splits, which are not supported.");
            // Leaves carry child -1 on both sides; reject a half-leaf before the builder sees it.
            for (int i = 0; i < left.Length && i < right.Length; i++)
                if ((left[i] == -1) != (right[i] == -1)) throw Invalid(source, $"tree {t} node {i} has only one child");
            int group = (int)Integer(treeInfo[t], "tree_info", source);
            builder.AddTree(group, left, right, feature, condition, defaultLeft, treeWeights?[t] ?? 1f);
        }

        var featureNames = learner["feature_names"] is JsonArray names
            ? names.Select(n => String(n, "feature_names", source)).ToArray()
            : [];
        if (featureNames.Length != 0 && featureNames.Length != featureCount)
            throw Invalid(source, $"it names {featureNames.Length} features but num_feature is {featureCount}");
        return new XgboostModel(objective, builder.Build(), baseScores, featureNames);
    }

    /// <summary>base_score is a string: "5E-1" in 1.x, "[5E-1]" (one per group) in 3.x.</summary>
    private static float[] BaseScores(JsonNode node, int groups, string source)
    {
        string text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>().Trim() : node.ToJsonString();
        string[] parts = text.StartsWith('[') && text.EndsWith(']')
            ? text[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [text];
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw Invalid(source, $"base_score '{text}' is not a number");
        if (values.Length == 1) return Enumerable.Repeat(values[0], groups).ToArray();
        if (values.Length != groups) throw Invalid(source, $"base_score has {values.Length} values for {groups} outputs");
        return values;
    }

    private static JsonNode Member(JsonNode? node, string name, string source) =>
        node is JsonObject obj && obj[name] is { } value ? value : throw Invalid(source, $"the member '{name}' is missing");

    private static string String(JsonNode? node, string what, string source) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(source, $"{what} is not a string");

    /// <summary>XGBoost writes most integers as strings ("15"); UBJSON and JSON arrays hold real numbers.</summary>
    private static long Integer(JsonNode? node, string what, string source)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.String &&
                long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                return parsed;
            if (v.TryGetValue<long>(out var l)) return l;
            if (v.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out l)) return l;
        }
        throw Invalid(source, $"{what} is not an integer");
    }

    private static float Float(JsonNode? node, string what, string source)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue<float>(out var f)) return f;
            if (v.TryGetValue<double>(out var d)) return (float)d;
            if (v.TryGetValue<long>(out var l)) return l;
            if (v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number) return e.GetSingle();
        }
        throw Invalid(source, $"{what} holds a value that is not a number");
    }

    private static int[] Ints(JsonNode node, string source)
    {
        var array = node as JsonArray ?? throw Invalid(source, "a tree array is not an array");
        var result = new int[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            long value = Integer(array[i], "a tree array", source);
            if (value < int.MinValue || value > int.MaxValue) throw Invalid(source, $"the tree index {value} is out of range");
            result[i] = (int)value;
        }
        return result;
    }

    private static float[] Floats(JsonNode node, string source)
    {
        var array = node as JsonArray ?? throw Invalid(source, "split_conditions is not an array");
        var result = new float[array.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Float(array[i], "split_conditions", source);
        return result;
    }

    private static GyreException Invalid(string source, string problem) =>
        GyreException.InvalidParameter($"'{source}' is not a valid XGBoost model: {problem}.");
}
