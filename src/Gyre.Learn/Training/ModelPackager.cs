using Gyre.Core.Errors;
using Gyre.Learn.Export;
using Gyre.Learn.Trees;
using Gyre.Models.Abstractions;
using Gyre.Models.MlflowModel;

namespace Gyre.Learn.Training;

/// <summary>
/// Saves a trained model as an MLflow model directory: GBDT as the xgboost flavor (an XGBoost 1.7 JSON
/// model) unless ONNX is asked for, linear models as the onnx flavor. Signature, input example (the first
/// rows of the training data) and metadata (task, target, feature names, class labels) come along.
/// </summary>
public static class ModelPackager
{
    private const int ExampleRows = 5;

    public static MlmodelDocument SaveMlflow(TrainingOutcome outcome, string directory, string? flavor, ReadOnlySpan<float> exampleRows,
        TimeProvider? clock = null)
    {
        var model = outcome.Model;
        flavor ??= model is GbdtModel ? "xgboost" : "onnx";
        if (flavor == "xgboost" && model is not GbdtModel)
            throw GyreException.InvalidParameter("Only gradient-boosted trees can be saved in the xgboost flavor; use onnx.");
        int f = model.FeatureCount;
        int rows = Math.Min(ExampleRows, exampleRows.Length / f);
        var metadata = new Dictionary<string, object?>
        {
            ["gyre_model"] = outcome.Kind.ToString().ToLowerInvariant(),
            ["task"] = model.Task.ToString(),
            ["target"] = outcome.Target,
            ["feature_names"] = model.FeatureNames.Cast<object?>().ToList(),
        };
        if (outcome.ClassLabels is not null) metadata["class_labels"] = outcome.ClassLabels.Cast<object?>().ToList();

        MlflowModelSaveRequest request;
        if (flavor == "xgboost")
        {
            var gbdt = (GbdtModel)model;
            var example = new List<double?[]>();
            for (int r = 0; r < rows; r++)
                example.Add(exampleRows.Slice(r * f, f).ToArray().Select(v => float.IsNaN(v) ? (double?)null : v).ToArray());
            int width = gbdt.Task == LearningTask.MulticlassClassification ? gbdt.ClassCount : 0;
            request = new MlflowModelSaveRequest
            {
                Flavor = "xgboost",
                ModelBytes = gbdt.ToXgboostJson(),
                SignatureInputs = MlflowSchema.FromColumns(model.FeatureNames.Select(n => new MlflowColumnSpec(n, "double"))),
                SignatureOutputs = MlflowSchema.FromTensors([new TensorSpec("", TensorType.Float32, width == 0 ? [-1] : [-1, width])]),
                InputExample = MlflowInputExample.FromRows(model.FeatureNames, example),
                Metadata = metadata,
            };
        }
        else if (flavor == "onnx")
        {
            var outputs = model.Task == LearningTask.Regression
                ? new[] { new TensorSpec(OnnxExporter.PredictionOutput, TensorType.Float32, [-1, 1]) }
                : [new TensorSpec(OnnxExporter.LabelOutput, TensorType.Int64, [-1]), new TensorSpec(OnnxExporter.ProbabilitiesOutput, TensorType.Float32, [-1, model.ClassCount])];
            request = new MlflowModelSaveRequest
            {
                Flavor = "onnx",
                ModelBytes = OnnxExporter.ToBytes(model),
                SignatureInputs = MlflowSchema.FromTensors([new TensorSpec(OnnxExporter.InputName, TensorType.Float32, [-1, f])]),
                SignatureOutputs = MlflowSchema.FromTensors(outputs),
                InputExample = MlflowInputExample.FromTensor(OnnxExporter.InputName, exampleRows, rows, f),
                Metadata = metadata,
            };
        }
        else throw GyreException.InvalidParameter($"Unknown flavor '{flavor}'; use xgboost or onnx.");
        return MlflowModelWriter.Save(directory, request, clock);
    }
}
