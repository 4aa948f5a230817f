using Gyre.Core.Errors;

namespace Gyre.Models.Xgboost;

/// <summary>
/// A scored XGBoost model (<c>Booster.save_model</c> JSON or UBJSON). Scores rows of float32 features:
/// raw margins, transformed predictions (probabilities, class index, regression value) and leaf indices,
/// matching XGBoost 1.7's own predictions. Thread-safe; no allocations per row.
/// </summary>
public sealed class XgboostModel
{
    // Margins of a few rows fit on the stack; bigger batches transform in place in the output buffer.
    private const int StackGroups = 256;

    private readonly float[] _baseScores;
    private readonly string[] _featureNames;

    internal XgboostModel(XgboostObjective objective, TreeEnsemble trees, float[] baseScores, string[] featureNames)
    {
        Objective = objective;
        Trees = trees;
        _baseScores = baseScores;
        _featureNames = featureNames;
    }

    public XgboostObjective Objective { get; }

    public TreeEnsemble Trees { get; }

    public int FeatureCount => Trees.FeatureCount;

    /// <summary>Feature names stored in the model (empty when it was trained without names).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>Margins per row: the number of classes for multiclass models, otherwise 1.</summary>
    public int MarginWidth => Trees.GroupCount;

    /// <summary>Prediction values per row: 1 for multi:softmax (the class index), otherwise <see cref="MarginWidth"/>.</summary>
    public int PredictionWidth => Objective.Transform == XgboostTransform.ArgMax ? 1 : MarginWidth;

    /// <summary>base_score as stored (prediction space), per group.</summary>
    public IReadOnlyList<float> BaseScores => _baseScores;

    /// <summary>Loads a <c>.json</c> or <c>.ubj</c> model file (the format is detected from the content).</summary>
    public static XgboostModel Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw GyreException.NotFound($"Cannot read the XGBoost model '{path}': {e.Message}");
        }
        return XgboostModelReader.Read(bytes, path);
    }

    /// <summary>Reads a model from the bytes of a JSON or UBJSON model file.</summary>
    public static XgboostModel FromBytes(ReadOnlySpan<byte> bytes, string sourceName = "model") =>
        XgboostModelReader.Read(bytes, sourceName);

    /// <summary>Margins (<see cref="MarginWidth"/> per row) for row-major rows of <paramref name="stride"/> features.</summary>
    public void PredictMargins(ReadOnlySpan<float> rows, int rowCount, int stride, Span<float> margins) =>
        Trees.PredictMargins(rows, rowCount, stride, margins);

    /// <summary>Predictions (<see cref="PredictionWidth"/> per row) for row-major rows of <paramref name="stride"/> features.</summary>
    public void Predict(ReadOnlySpan<float> rows, int rowCount, int stride, Span<float> predictions)
    {
        int width = MarginWidth;
        if ((long)rowCount * PredictionWidth > predictions.Length)
            throw GyreException.InvalidParameter($"The output buffer holds {predictions.Length} values, {(long)rowCount * PredictionWidth} are needed.");
        if (PredictionWidth == width)
        {
            Trees.PredictMargins(rows, rowCount, stride, predictions);
            for (int r = 0; r < rowCount; r++)
            {
                var row = predictions.Slice(r * width, width);
                Objective.TransformRow(row, row);
            }
            return;
        }
        // multi:softmax writes one value per row: score a chunk of rows into a stack buffer, then reduce.
        Span<float> margins = stackalloc float[StackGroups];
        int chunk = Math.Max(1, StackGroups / width);
        if (width > StackGroups) margins = new float[width];
        for (int start = 0; start < rowCount; start += chunk)
        {
            int count = Math.Min(chunk, rowCount - start);
            Trees.PredictMargins(rows.Slice(start * stride), count, stride, margins);
            for (int r = 0; r < count; r++)
                Objective.TransformRow(margins.Slice(r * width, width), predictions.Slice(start + r, 1));
        }
    }

    /// <summary>The node id of the leaf reached in each tree (<see cref="TreeEnsemble.TreeCount"/> per row).</summary>
    public void PredictLeafIndices(ReadOnlySpan<float> rows, int rowCount, int stride, Span<int> leafIndices) =>
        Trees.PredictLeafIds(rows, rowCount, stride, leafIndices);
}
