using Google.Protobuf;
using Gyre.Core.Errors;
using Gyre.Learn.Linear;
using Gyre.Learn.Trees;
using Gyre.Models.Onnx.Proto;
using static Gyre.Learn.Export.OnnxGraphBuilder;

namespace Gyre.Learn.Export;

/// <summary>
/// Exports Gyre.Learn models to ONNX-ML (IR 8, ai.onnx 13, ai.onnx.ml 3) in the conventions of the
/// reference models and skl2onnx. Input <c>input</c> float32 [N, F]. Classifiers output <c>label</c> int64 [N]
/// and <c>probabilities</c> float32 [N, C]; regressors output <c>prediction</c> float32 [N, 1].
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string LabelOutput = "label";
    public const string ProbabilitiesOutput = "probabilities";
    public const string PredictionOutput = "prediction";

    public static byte[] ToBytes(ITrainedModel model) => Export(model).ToByteArray();

    public static ModelProto Export(ITrainedModel model) => model switch
    {
        GbdtModel gbdt => ExportTrees(gbdt),
        LinearModel linear => ExportLinear(linear),
        _ => throw new GyreException(ErrorCode.NOT_IMPLEMENTED, $"Cannot export a {model.GetType().Name} to ONNX."),
    };

    /// <summary>
    /// TreeEnsembleClassifier / TreeEnsembleRegressor. XGBoost's split "x &lt; t" is written as BRANCH_LEQ
    /// against the largest float32 below t, which is the same test for every float32 x and is the mode all
    /// runtimes implement; NaN follows <c>nodes_missing_value_tracks_true</c> (the learned default direction).
    /// </summary>
    private static ModelProto ExportTrees(GbdtModel model)
    {
        var graph = new OnnxGraphBuilder();
        int f = model.FeatureCount;
        graph.AddInput(InputName, TensorProto.Types.DataType.Float, -1, f);
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var modes = new List<string>();
        var values = new List<float>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var missingTracksTrue = new List<long>();
        var leafTree = new List<long>();
        var leafNode = new List<long>();
        var leafTarget = new List<long>();
        var leafWeight = new List<float>();
        for (int t = 0; t < model.Trees.Count; t++)
        {
            var tree = model.Trees[t];
            for (int n = 0; n < tree.NodeCount; n++)
            {
                treeIds.Add(t);
                nodeIds.Add(n);
                if (tree.IsLeaf(n))
                {
                    featureIds.Add(0); modes.Add("LEAF"); values.Add(0); trueIds.Add(0); falseIds.Add(0); missingTracksTrue.Add(0);
                    leafTree.Add(t); leafNode.Add(n); leafTarget.Add(tree.Group); leafWeight.Add(tree.LeafValue[n]);
                }
                else
                {
                    featureIds.Add(tree.Feature[n]);
                    modes.Add("BRANCH_LEQ");
                    values.Add(MathF.BitDecrement(tree.Threshold[n]));
                    trueIds.Add(tree.Left[n]);
                    falseIds.Add(tree.Right[n]);
                    missingTracksTrue.Add(tree.DefaultLeft[n] ? 1 : 0);
                }
            }
        }

        NodeProto node;
        if (model.Task == LearningTask.Regression)
        {
            graph.AddOutput(PredictionOutput, TensorProto.Types.DataType.Float, -1, 1);
            node = graph.AddNode("TreeEnsembleRegressor", MlDomain, [InputName], [PredictionOutput]);
            node.Attribute.Add(Int("n_targets", 1));
            node.Attribute.Add(String("aggregate_function", "SUM"));
            node.Attribute.Add(String("post_transform", "NONE"));
            node.Attribute.Add(Floats("base_values", [model.BaseMargin]));
            node.Attribute.Add(Ints("target_treeids", leafTree));
            node.Attribute.Add(Ints("target_nodeids", leafNode));
            node.Attribute.Add(Ints("target_ids", leafTarget));
            node.Attribute.Add(Floats("target_weights", leafWeight));
        }
        else
        {
            int classes = model.ClassCount;
            graph.AddOutput(LabelOutput, TensorProto.Types.DataType.Int64, -1);
            graph.AddOutput(ProbabilitiesOutput, TensorProto.Types.DataType.Float, -1, classes);
            node = graph.AddNode("TreeEnsembleClassifier", MlDomain, [InputName], [LabelOutput, ProbabilitiesOutput]);
            node.Attribute.Add(Ints("classlabels_int64s", Enumerable.Range(0, classes).Select(c => (long)c)));
            bool binary = model.Task == LearningTask.BinaryClassification;
            // Binary: one score for class 1 expanded to [sigmoid(-s), sigmoid(s)] (skl2onnx / onnxruntime convention).
            node.Attribute.Add(String("post_transform", binary ? "LOGISTIC" : "SOFTMAX"));
            node.Attribute.Add(Floats("base_values", Enumerable.Repeat(model.BaseMargin, binary ? 1 : classes)));
            node.Attribute.Add(Ints("class_treeids", leafTree));
            node.Attribute.Add(Ints("class_nodeids", leafNode));
            node.Attribute.Add(Ints("class_ids", leafTarget));
            node.Attribute.Add(Floats("class_weights", leafWeight));
        }
        node.Attribute.Add(Ints("nodes_treeids", treeIds));
        node.Attribute.Add(Ints("nodes_nodeids", nodeIds));
        node.Attribute.Add(Ints("nodes_featureids", featureIds));
        node.Attribute.Add(Strings("nodes_modes", modes));
        node.Attribute.Add(Floats("nodes_values", values));
        node.Attribute.Add(Ints("nodes_truenodeids", trueIds));
        node.Attribute.Add(Ints("nodes_falsenodeids", falseIds));
        node.Attribute.Add(Ints("nodes_missing_value_tracks_true", missingTracksTrue));
        return graph.Build(Metadata(model, "gbdt"));
    }

    /// <summary>
    /// Imputer (NaN -> training mean) followed by LinearClassifier or LinearRegressor. Binary logistic
    /// regression is written with two rows (-w, +w) and LOGISTIC, giving [1-p, p] directly.
    /// </summary>
    private static ModelProto ExportLinear(LinearModel model)
    {
        var graph = new OnnxGraphBuilder();
        int f = model.FeatureCount;
        graph.AddInput(InputName, TensorProto.Types.DataType.Float, -1, f);
        var imputer = graph.AddNode("Imputer", MlDomain, [InputName], ["imputed"]);
        imputer.Attribute.Add(Floats("imputed_value_floats", model.ImputeValues));
        imputer.Attribute.Add(Float("replaced_value_float", float.NaN));

        var coefficients = new List<float>();
        var intercepts = new List<float>();
        int rows = model.Intercepts.Length;
        bool binary = model.Task == LearningTask.BinaryClassification;
        if (binary)
        {
            for (int j = 0; j < f; j++) coefficients.Add((float)-model.Weights[0, j]);
            intercepts.Add((float)-model.Intercepts[0]);
        }
        for (int c = 0; c < rows; c++)
        {
            for (int j = 0; j < f; j++) coefficients.Add((float)model.Weights[c, j]);
            intercepts.Add((float)model.Intercepts[c]);
        }

        if (model.Task == LearningTask.Regression)
        {
            graph.AddOutput(PredictionOutput, TensorProto.Types.DataType.Float, -1, 1);
            var node = graph.AddNode("LinearRegressor", MlDomain, ["imputed"], [PredictionOutput]);
            node.Attribute.Add(Floats("coefficients", coefficients));
            node.Attribute.Add(Floats("intercepts", intercepts));
            node.Attribute.Add(Int("targets", 1));
            node.Attribute.Add(String("post_transform", "NONE"));
        }
        else
        {
            int classes = model.ClassCount;
            graph.AddOutput(LabelOutput, TensorProto.Types.DataType.Int64, -1);
            graph.AddOutput(ProbabilitiesOutput, TensorProto.Types.DataType.Float, -1, classes);
            var node = graph.AddNode("LinearClassifier", MlDomain, ["imputed"], [LabelOutput, ProbabilitiesOutput]);
            node.Attribute.Add(Floats("coefficients", coefficients));
            node.Attribute.Add(Floats("intercepts", intercepts));
            node.Attribute.Add(Ints("classlabels_ints", Enumerable.Range(0, classes).Select(c => (long)c)));
            node.Attribute.Add(String("post_transform", binary ? "LOGISTIC" : "SOFTMAX"));
            node.Attribute.Add(Int("multi_class", binary ? 0 : 1));
        }
        return graph.Build(Metadata(model, model.Task == LearningTask.Regression ? "linear" : "logistic"));
    }

    private static Dictionary<string, string> Metadata(ITrainedModel model, string kind) => new()
    {
        ["source_framework"] = "gyre",
        ["source_estimator"] = kind,
        ["task"] = model.Task.ToString(),
        ["feature_names"] = string.Join(",", model.FeatureNames),
    };
}
