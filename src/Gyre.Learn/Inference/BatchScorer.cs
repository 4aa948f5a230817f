using Gyre.Core.Data;
using Gyre.Core.Errors;
using Gyre.Learn.Data;
using Gyre.Models.Abstractions;
using Gyre.Models.MlflowModel;
using Gyre.Models.Onnx;
using Gyre.Models.Xgboost;

namespace Gyre.Learn.Inference;

/// <summary>
/// Scores a table with any loaded model that takes one [N, F] feature matrix (ONNX, XGBoost, MLflow
/// directories of either). Feature columns are found by name from the model (MLflow column signature,
/// MLmodel metadata, ONNX metadata or XGBoost feature names); outputs become columns
/// (<c>name</c> for [N] and [N, 1], <c>name_0</c>... for [N, K]).
/// </summary>
public sealed class BatchScorer
{
    private readonly IModel _model;

    public BatchScorer(IModel model)
    {
        _model = model;
        if (model is MlflowModel { ColumnInputs: { } columns })
        {
            FeatureNames = columns.Select(c => c.Name!).ToArray();
            InputName = null;
            return;
        }
        var inputs = model.Signature.Inputs;
        if (inputs.Count != 1 || inputs[0].Shape is not { Count: 2 } shape)
            throw new GyreException(ErrorCode.NOT_IMPLEMENTED,
                $"Batch scoring from a table needs a model with one [N, features] input; this one has: {string.Join(", ", inputs)}.");
        InputName = inputs[0].Name;
        FeatureNames = NamesFrom(model) ?? [];
        if (FeatureNames.Count != 0 && shape[1] >= 0 && FeatureNames.Count != shape[1])
            throw GyreException.InvalidParameter($"The model names {FeatureNames.Count} features but its input has {shape[1]} columns.");
        FeatureCount = shape[1];
    }

    /// <summary>The feature column names the model expects, in order (empty when the model does not name them).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    private int FeatureCount { get; } = -1;

    /// <summary>The runtime input name; null when the model takes named columns.</summary>
    private string? InputName { get; }

    /// <summary>Scores <paramref name="frame"/> in batches; <paramref name="progress"/> receives the rows done so far.</summary>
    public DataFrame Score(DataFrame frame, int batchSize = 8192, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> names = FeatureNames.Count > 0 ? FeatureNames : NumericColumns(frame);
        var (matrix, _) = DatasetBuilder.FeatureMatrix(frame, names);
        int width = names.Count, rows = frame.RowCount;
        var columns = new Dictionary<string, double[]>();
        var order = new List<string>();
        for (int start = 0; start < rows; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(batchSize, rows - start);
            var batch = matrix.AsSpan(start * width, count * width).ToArray();
            IReadOnlyDictionary<string, Tensor> inputs;
            if (InputName is null)
            {
                var byColumn = new Dictionary<string, Tensor>();
                for (int f = 0; f < width; f++)
                {
                    var values = new double[count];
                    for (int r = 0; r < count; r++) values[r] = batch[r * width + f];
                    byColumn[names[f]] = Tensor.FromDouble(values, count);
                }
                inputs = byColumn;
            }
            else inputs = new Dictionary<string, Tensor> { [InputName] = Tensor.FromFloat(batch, count, width) };
            var outputs = _model.Predict(inputs);
            foreach (var (name, tensor) in outputs)
            {
                int perRow = count == 0 ? 0 : tensor.Length / count;
                for (int k = 0; k < perRow; k++)
                {
                    string column = perRow == 1 ? name : $"{name}_{k}";
                    if (!columns.TryGetValue(column, out var target))
                    {
                        columns[column] = target = new double[rows];
                        order.Add(column);
                    }
                    for (int r = 0; r < count; r++) target[start + r] = ValueAt(tensor, r * perRow + k);
                }
            }
            progress?.Report(start + count);
        }
        return new DataFrame(order.Select(c => (Column)new DoubleColumn(c, columns[c])));
    }

    private IReadOnlyList<string> NumericColumns(DataFrame frame)
    {
        var numeric = frame.Columns.Where(c => c.Kind != ColumnKind.String).Select(c => c.Name).ToArray();
        if (FeatureCount >= 0 && numeric.Length != FeatureCount)
            throw GyreException.InvalidParameter(
                $"The model takes {FeatureCount} unnamed features but the data has {numeric.Length} numeric columns; pass exactly the feature columns.");
        return numeric;
    }

    private static double ValueAt(Tensor t, int i) => t.Type switch
    {
        TensorType.Float32 => t.As<float>()[i],
        TensorType.Float64 => t.As<double>()[i],
        TensorType.Int64 => t.As<long>()[i],
        TensorType.Int32 => t.As<int>()[i],
        TensorType.Bool => t.As<bool>()[i] ? 1 : 0,
        _ => throw GyreException.InvalidParameter($"Output of type {t.Type.ToName()} cannot be written as a number."),
    };

    private static IReadOnlyList<string>? NamesFrom(IModel model) => model switch
    {
        MlflowModel m when m.Document.Metadata?.GetValueOrDefault("feature_names") is List<object?> list => list.Select(v => v?.ToString() ?? "").ToArray(),
        MlflowModel m => NamesFrom(m.Runtime),
        XgboostModel x when x.FeatureNames.Count > 0 => x.FeatureNames,
        OnnxModel o when o.Metadata.TryGetValue("feature_names", out var names) && names.Length > 0 => names.Split(','),
        _ => null,
    };
}
