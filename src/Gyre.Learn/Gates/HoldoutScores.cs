using Gyre.Core.Data;
using Gyre.Core.Errors;

namespace Gyre.Learn.Gates;

/// <summary>
/// A model's answers on the holdout in the shape the gates need: for classifiers the predicted class and
/// (binary) the probability of class 1; for regressors the prediction. Read from the batch scorer's
/// output columns: probabilities_k (ONNX-ML), prediction (XGBoost), label, or a single value column.
/// </summary>
internal sealed record HoldoutScores(bool IsClassification, int[] PredictedClass, double[]? PositiveProbability, double[] Prediction)
{
    public static HoldoutScores From(DataFrame outputs, double[] target)
    {
        var probabilityColumns = outputs.Columns.Where(c => c.Name.StartsWith("probabilities_", StringComparison.Ordinal)).Cast<DoubleColumn>().ToArray();
        var targetIsBinary = target.All(t => t is 0 or 1);
        if (probabilityColumns.Length >= 2)
        {
            var rows = target.Length;
            var predicted = outputs.TryGetColumn("label", out var label) ? ((DoubleColumn)label).Values.Select(v => (int)v).ToArray() : ArgMax(probabilityColumns, rows);
            var positive = probabilityColumns.Length == 2 ? probabilityColumns[1].Values : null;
            return new HoldoutScores(true, predicted, positive, positive ?? predicted.Select(p => (double)p).ToArray());
        }
        if (outputs.TryGetColumn("prediction", out var prediction))
        {
            var values = ((DoubleColumn)prediction).Values;
            if (targetIsBinary && values.All(v => v is >= 0 and <= 1))
                return new HoldoutScores(true, values.Select(v => v >= 0.5 ? 1 : 0).ToArray(), values, values);
            return new HoldoutScores(false, [], null, values);
        }
        if (outputs.TryGetColumn("label", out var labelsOnly))
        {
            var labels = ((DoubleColumn)labelsOnly).Values;
            return new HoldoutScores(true, labels.Select(v => (int)v).ToArray(), null, labels);
        }
        var single = outputs.Columns.OfType<DoubleColumn>().FirstOrDefault()
            ?? throw GyreException.InvalidParameter("The model produced no numeric output to evaluate.");
        return new HoldoutScores(false, [], null, single.Values);
    }

    private static int[] ArgMax(DoubleColumn[] columns, int rows)
    {
        var result = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var best = 0;
            for (var k = 1; k < columns.Length; k++) if (columns[k].Values[r] > columns[best].Values[r]) best = k;
            result[r] = best;
        }
        return result;
    }
}
