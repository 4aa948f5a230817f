using System.Globalization;
using System.Text.Json;
using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// Writes a gbtree model in XGBoost 1.7's JSON model format (what <c>Booster.save_model("model.json")</c>
/// writes), so that XGBoost itself, MLflow's xgboost flavor and <see cref="XgboostModel"/> can load it.
/// </summary>
public static class XgboostModelWriter
{
    public static byte[] ToJson(string objective, int featureCount, int classCount, float baseScore,
        IReadOnlyList<string> featureNames, IReadOnlyList<XgboostTreeArrays> trees)
    {
        var parsed = XgboostObjective.Parse(objective);
        bool multiclass = parsed.Transform is XgboostTransform.Softmax or XgboostTransform.ArgMax;
        if (multiclass && classCount < 2) throw GyreException.InvalidParameter($"'{objective}' needs a class count of at least 2.");
        if (featureNames.Count != 0 && featureNames.Count != featureCount)
            throw GyreException.InvalidParameter($"Expected {featureCount} feature names, got {featureNames.Count}.");

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("learner");
            w.WriteStartObject("attributes");
            w.WriteEndObject();
            w.WriteStartArray("feature_names");
            foreach (var name in featureNames) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteStartArray("feature_types");
            w.WriteEndArray();

            w.WriteStartObject("gradient_booster");
            w.WriteStartObject("model");
            w.WriteStartObject("gbtree_model_param");
            w.WriteString("num_parallel_tree", "1");
            w.WriteString("num_trees", Text(trees.Count));
            w.WriteString("size_leaf_vector", "0");
            w.WriteEndObject();
            w.WriteStartArray("tree_info");
            foreach (var tree in trees) w.WriteNumberValue(tree.Group);
            w.WriteEndArray();
            w.WriteStartArray("trees");
            for (int t = 0; t < trees.Count; t++) WriteTree(w, t, trees[t], featureCount);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteString("name", "gbtree");
            w.WriteEndObject();

            w.WriteStartObject("learner_model_param");
            w.WriteString("base_score", baseScore.ToString("R", CultureInfo.InvariantCulture));
            w.WriteString("boost_from_average", "1");
            w.WriteString("num_class", multiclass ? Text(classCount) : "0");
            w.WriteString("num_feature", Text(featureCount));
            w.WriteString("num_target", "1");
            w.WriteEndObject();

            w.WriteStartObject("objective");
            w.WriteString("name", objective);
            if (multiclass)
            {
                w.WriteStartObject("softmax_multiclass_param");
                w.WriteString("num_class", Text(classCount));
            }
            else
            {
                w.WriteStartObject("reg_loss_param");
                w.WriteString("scale_pos_weight", "1");
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartArray("version");
            w.WriteNumberValue(1);
            w.WriteNumberValue(7);
            w.WriteNumberValue(4);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteTree(Utf8JsonWriter w, int id, XgboostTreeArrays tree, int featureCount)
    {
        int n = tree.LeftChildren.Length;
        var parents = new int[n];
        parents[0] = int.MaxValue; // XGBoost's "no parent"
        for (int i = 0; i < n; i++)
        {
            if (tree.LeftChildren[i] >= 0) parents[tree.LeftChildren[i]] = i;
            if (tree.RightChildren[i] >= 0) parents[tree.RightChildren[i]] = i;
        }
        w.WriteStartObject();
        Floats(w, "base_weights", tree.BaseWeights);
        foreach (var empty in new[] { "categories", "categories_nodes", "categories_segments", "categories_sizes" })
        {
            w.WriteStartArray(empty);
            w.WriteEndArray();
        }
        Ints(w, "default_left", tree.DefaultLeft.Select(d => d ? 1 : 0));
        w.WriteNumber("id", id);
        Ints(w, "left_children", tree.LeftChildren);
        Floats(w, "loss_changes", tree.LossChanges);
        Ints(w, "parents", parents);
        Ints(w, "right_children", tree.RightChildren);
        Floats(w, "split_conditions", tree.SplitConditions);
        Ints(w, "split_indices", tree.SplitIndices);
        Ints(w, "split_type", Enumerable.Repeat(0, n));
        Floats(w, "sum_hessian", tree.SumHessian);
        w.WriteStartObject("tree_param");
        w.WriteString("num_deleted", "0");
        w.WriteString("num_feature", Text(featureCount));
        w.WriteString("num_nodes", Text(n));
        w.WriteString("size_leaf_vector", "0");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Ints(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    private static void Floats(Utf8JsonWriter w, string name, IEnumerable<float> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            // Shortest text that reads back as the same float32, as XGBoost writes it.
            if (!float.IsFinite(v)) throw GyreException.InvalidParameter($"Cannot write the non-finite value {v} into an XGBoost model.");
            // XGBoost's JSON reader distinguishes integers from numbers: a float must not look like an integer.
            var text = v.ToString("R", CultureInfo.InvariantCulture);
            if (text.AsSpan().IndexOfAny('.', 'E', 'e') < 0) text += ".0";
            w.WriteRawValue(text, skipInputValidation: true);
        }
        w.WriteEndArray();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
