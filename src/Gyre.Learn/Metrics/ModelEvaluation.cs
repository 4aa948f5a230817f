namespace Gyre.Learn.Metrics;

/// <summary>The standard metrics of a trained model on a labelled dataset, by name (MLflow-style keys).</summary>
public static class ModelEvaluation
{
    public static IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, Data.Dataset data)
    {
        var output = new float[data.RowCount * model.OutputWidth];
        model.Predict(data.Features, data.RowCount, output);
        return Evaluate(model.Task, model.OutputWidth, data.Labels, output);
    }

    public static IReadOnlyDictionary<string, double> Evaluate(LearningTask task, int width, ReadOnlySpan<float> labels, ReadOnlySpan<float> output)
    {
        var metrics = new Dictionary<string, double>();
        switch (task)
        {
            case LearningTask.Regression:
                metrics["rmse"] = RegressionMetrics.Rmse(labels, output);
                metrics["mae"] = RegressionMetrics.Mae(labels, output);
                metrics["r2"] = RegressionMetrics.R2(labels, output);
                break;
            case LearningTask.BinaryClassification:
            {
                var predicted = ClassificationMetrics.PredictedClasses(output, 1);
                metrics["accuracy"] = ClassificationMetrics.Accuracy(labels, predicted);
                metrics["precision"] = ClassificationMetrics.Precision(labels, predicted);
                metrics["recall"] = ClassificationMetrics.Recall(labels, predicted);
                metrics["f1"] = ClassificationMetrics.F1(labels, predicted);
                metrics["log_loss"] = ClassificationMetrics.LogLoss(labels, output);
                bool bothClasses = labels.IndexOf(1f) >= 0 && labels.IndexOf(0f) >= 0;
                if (bothClasses) metrics["roc_auc"] = ClassificationMetrics.RocAuc(labels, output);
                break;
            }
            default:
            {
                var predicted = ClassificationMetrics.PredictedClasses(output, width);
                metrics["accuracy"] = ClassificationMetrics.Accuracy(labels, predicted);
                metrics["f1_macro"] = ClassificationMetrics.MacroF1(labels, predicted, width);
                metrics["log_loss"] = ClassificationMetrics.MultiLogLoss(labels, output, width);
                break;
            }
        }
        return metrics;
    }
}
