using Gyre.Core.Errors;

namespace Gyre.Learn.Metrics;

/// <summary>Classification metrics. Labels are class indices; probabilities are P(class 1) or one per class.</summary>
public static class ClassificationMetrics
{
    private const double Epsilon = 1e-15;

    /// <summary>Fraction of rows whose predicted class equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted)
    {
        CheckLengths(labels.Length, predicted.Length);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if ((int)labels[i] == predicted[i]) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary>Precision of <paramref name="positiveClass"/>: TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public static double Precision(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted, int positiveClass = 1)
    {
        var (tp, fp, fn) = Counts(labels, predicted, positiveClass);
        return tp + fp == 0 ? 0 : (double)tp / (tp + fp);
    }

    /// <summary>Recall of <paramref name="positiveClass"/>: TP / (TP + FN); 0 when the class never occurs.</summary>
    public static double Recall(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted, int positiveClass = 1)
    {
        var (tp, _, fn) = Counts(labels, predicted, positiveClass);
        return tp + fn == 0 ? 0 : (double)tp / (tp + fn);
    }

    /// <summary>F1 of <paramref name="positiveClass"/>: 2PR / (P + R).</summary>
    public static double F1(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted, int positiveClass = 1)
    {
        var (tp, fp, fn) = Counts(labels, predicted, positiveClass);
        return 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }

    /// <summary>Unweighted mean of the per-class F1 scores (scikit-learn's <c>average="macro"</c>).</summary>
    public static double MacroF1(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted, int classCount)
    {
        double sum = 0;
        for (int c = 0; c < classCount; c++) sum += F1(labels, predicted, c);
        return sum / classCount;
    }

    /// <summary>
    /// Area under the ROC curve for binary labels (1 = positive) and scores, with tied scores counted as
    /// half (the Mann-Whitney statistic, as scikit-learn's <c>roc_auc_score</c>).
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores)
    {
        CheckLengths(labels.Length, scores.Length);
        int n = labels.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        foreach (var s in keys)
            if (float.IsNaN(s)) throw GyreException.InvalidParameter("ROC AUC is undefined for NaN scores.");
        Array.Sort(keys, order);
        double positives = 0, rankSum = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            double averageRank = (i + j + 1) / 2.0; // ranks are 1-based
            for (int k = i; k < j; k++)
                if (labels[order[k]] == 1f)
                {
                    positives++;
                    rankSum += averageRank;
                }
            i = j;
        }
        double negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw GyreException.InvalidParameter("ROC AUC needs both positive and negative labels.");
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Mean negative log-likelihood of binary labels under P(class 1), clipped to [1e-15, 1 - 1e-15].</summary>
    public static double LogLoss(ReadOnlySpan<float> labels, ReadOnlySpan<float> probabilityOfOne)
    {
        CheckLengths(labels.Length, probabilityOfOne.Length);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double p = Math.Clamp(probabilityOfOne[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] == 1f ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }

    /// <summary>Multiclass log loss; <paramref name="probabilities"/> is row-major, <paramref name="classCount"/> per row.</summary>
    public static double MultiLogLoss(ReadOnlySpan<float> labels, ReadOnlySpan<float> probabilities, int classCount)
    {
        CheckLengths(labels.Length * classCount, probabilities.Length);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
            sum -= Math.Log(Math.Clamp(probabilities[i * classCount + (int)labels[i]], Epsilon, 1 - Epsilon));
        return sum / labels.Length;
    }

    /// <summary>Predicted classes: P(1) &gt; 0.5 for one column, else the most probable class (lowest index wins ties).</summary>
    public static int[] PredictedClasses(ReadOnlySpan<float> probabilities, int width)
    {
        int rows = probabilities.Length / width;
        var classes = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            if (width == 1)
            {
                classes[r] = probabilities[r] > 0.5f ? 1 : 0;
                continue;
            }
            var row = probabilities.Slice(r * width, width);
            int best = 0;
            for (int c = 1; c < width; c++) if (row[c] > row[best]) best = c;
            classes[r] = best;
        }
        return classes;
    }

    private static (int Tp, int Fp, int Fn) Counts(ReadOnlySpan<float> labels, ReadOnlySpan<int> predicted, int positive)
    {
        CheckLengths(labels.Length, predicted.Length);
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            bool actual = (int)labels[i] == positive, guess = predicted[i] == positive;
            if (actual && guess) tp++;
            else if (guess) fp++;
            else if (actual) fn++;
        }
        return (tp, fp, fn);
    }

    internal static void CheckLengths(int expected, int actual)
    {
        if (expected == 0) throw GyreException.InvalidParameter("A metric needs at least one row.");
        if (expected != actual) throw GyreException.InvalidParameter($"Expected {expected} predictions, got {actual}.");
    }
}
