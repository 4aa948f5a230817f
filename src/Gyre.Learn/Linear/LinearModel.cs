using Gyre.Core.Errors;

namespace Gyre.Learn.Linear;

/// <summary>
/// A linear model z = W x + b on raw features, with missing values replaced by the training mean.
/// Binary classification has one row (z = log-odds of class 1), multiclass one row per class (softmax),
/// regression one row (the value).
/// </summary>
public sealed class LinearModel : ITrainedModel
{
    private readonly string[] _featureNames;

    public LinearModel(LearningTask task, int classCount, IReadOnlyList<string> featureNames, double[,] weights, double[] intercepts, float[] imputeValues)
    {
        Task = task;
        ClassCount = task == LearningTask.Regression ? 1 : classCount;
        _featureNames = [.. featureNames];
        if (weights.GetLength(1) != _featureNames.Length || weights.GetLength(0) != intercepts.Length || imputeValues.Length != _featureNames.Length)
            throw GyreException.InvalidParameter("Linear model weights, intercepts and feature names do not agree in size.");
        Weights = weights;
        Intercepts = intercepts;
        ImputeValues = imputeValues;
    }

    public LearningTask Task { get; }
    public int ClassCount { get; }
    public IReadOnlyList<string> FeatureNames => _featureNames;
    public int FeatureCount => _featureNames.Length;
    public int OutputWidth => Task == LearningTask.MulticlassClassification ? ClassCount : 1;

    /// <summary>[rows, features]: one row for binary and regression, one per class for multiclass.</summary>
    public double[,] Weights { get; }

    public double[] Intercepts { get; }

    /// <summary>The value that replaces a missing (NaN) feature: its training mean.</summary>
    public float[] ImputeValues { get; }

    public void Predict(ReadOnlySpan<float> rows, int rowCount, Span<float> output)
    {
        int f = FeatureCount, k = Intercepts.Length, width = OutputWidth;
        if ((long)rowCount * f > rows.Length)
            throw GyreException.InvalidParameter($"Expected {rowCount} rows of {f} features, got {rows.Length} values.");
        if ((long)rowCount * width > output.Length)
            throw GyreException.InvalidParameter($"The output buffer holds {output.Length} values, {(long)rowCount * width} are needed.");
        Span<double> z = k <= 64 ? stackalloc double[k] : new double[k];
        for (int r = 0; r < rowCount; r++)
        {
            var x = rows.Slice(r * f, f);
            for (int c = 0; c < k; c++)
            {
                // float32 arithmetic, as the exported ONNX graph computes it.
                float sum = 0f;
                for (int j = 0; j < f; j++)
                {
                    float v = float.IsNaN(x[j]) ? ImputeValues[j] : x[j];
                    sum += (float)Weights[c, j] * v;
                }
                z[c] = sum + (float)Intercepts[c];
            }
            switch (Task)
            {
                case LearningTask.BinaryClassification:
                    output[r] = 1f / (1f + MathF.Exp(-(float)z[0]));
                    break;
                case LearningTask.Regression:
                    output[r] = (float)z[0];
                    break;
                default:
                {
                    double max = double.NegativeInfinity;
                    foreach (var v in z) max = Math.Max(max, v);
                    double sum = 0;
                    for (int c = 0; c < k; c++) sum += Math.Exp(z[c] - max);
                    for (int c = 0; c < k; c++) output[r * width + c] = (float)(Math.Exp(z[c] - max) / sum);
                    break;
                }
            }
        }
    }
}
