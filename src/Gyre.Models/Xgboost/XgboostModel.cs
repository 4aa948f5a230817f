using Gyre.Core.Errors;
using Gyre.Models.Abstractions;

namespace Gyre.Models.Xgboost;

/// <summary>
/// A scored XGBoost model (<c>Booster.save_model</c> JSON or UBJSON). Scores rows of float32 features:
/// raw margins, transformed predictions (probabilities, class index, regression value) and leaf indices,
/// matching XGBoost 1.7's own predictions. Thread-safe; no allocations per row.
/// As an <see cref="IModel"/> it takes one float32 (or float64) input <c>input</c> [N, features] and
/// returns <c>prediction</c> and <c>margin</c> ([N] for one output group, [N, groups] otherwise);
/// <c>leaf_indices</c> (int32 [N, trees]) is computed only when asked for by name.
/// </summary>
public sealed class XgboostModel : IModel
{
    public const string InputName = "input";
    public const string PredictionOutput = "prediction";
    public const string MarginOutput = "margin";
    public const string LeafIndicesOutput = "leaf_indices";

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
        int[] OutputShape(int width) => width == 1 ? [-1] : [-1, width];
        Signature = new ModelSignature(
            [new TensorSpec(InputName, TensorType.Float32, [-1, FeatureCount])],
            [new TensorSpec(PredictionOutput, TensorType.Float32, OutputShape(PredictionWidth)),
             new TensorSpec(MarginOutput, TensorType.Float32, OutputShape(MarginWidth))]);
    }

    public string Format => XgboostModelFormat.FormatName;

    public ModelSignature Signature { get; }

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

    public IReadOnlyDictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != 1 || !inputs.TryGetValue(InputName, out var input))
            throw GyreException.InvalidParameter(
                $"An XGBoost model takes one input '{InputName}' (float32 [N, {FeatureCount}]); got {string.Join(", ", inputs.Keys.Select(k => $"'{k}'"))}.");
        if (input.Rank != 2 || input.Dim(1) != FeatureCount)
            throw GyreException.InvalidParameter(
                $"Input '{InputName}' must have shape [N, {FeatureCount}] but has [{string.Join(", ", input.ShapeArray())}].");
        float[] rows = input.Type switch
        {
            TensorType.Float32 => input.As<float>(),
            TensorType.Float64 => Array.ConvertAll(input.As<double>(), v => (float)v),
            _ => throw GyreException.InvalidParameter($"Input '{InputName}' must be float32 or float64 but a {input.Type.ToName()} tensor was given."),
        };
        var wanted = outputNames ?? [PredictionOutput, MarginOutput];
        foreach (var name in wanted)
            if (name is not (PredictionOutput or MarginOutput or LeafIndicesOutput))
                throw GyreException.InvalidParameter(
                    $"Unknown output '{name}'. An XGBoost model has: {PredictionOutput}, {MarginOutput}, {LeafIndicesOutput}.");

        int n = input.Dim(0);
        var result = new Dictionary<string, Tensor>();
        if (wanted.Contains(PredictionOutput))
        {
            var values = new float[n * PredictionWidth];
            Predict(rows, n, FeatureCount, values);
            result[PredictionOutput] = Tensor.FromFloat(values, PredictionWidth == 1 ? [n] : [n, PredictionWidth]);
        }
        if (wanted.Contains(MarginOutput))
        {
            var values = new float[n * MarginWidth];
            PredictMargins(rows, n, FeatureCount, values);
            result[MarginOutput] = Tensor.FromFloat(values, MarginWidth == 1 ? [n] : [n, MarginWidth]);
        }
        if (wanted.Contains(LeafIndicesOutput))
        {
            var values = new int[n * Trees.TreeCount];
            PredictLeafIndices(rows, n, FeatureCount, values);
            result[LeafIndicesOutput] = Tensor.FromInt32(values, n, Trees.TreeCount);
        }
        return result;
    }

    public void Dispose()
    {
    }
}
