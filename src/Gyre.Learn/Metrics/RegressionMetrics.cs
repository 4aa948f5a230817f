namespace Gyre.Learn.Metrics;

public static class RegressionMetrics
{
    public static double Rmse(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions)
    {
        ClassificationMetrics.CheckLengths(labels.Length, predictions.Length);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double d = (double)predictions[i] - labels[i];
            sum += d * d;
        }
        return Math.Sqrt(sum / labels.Length);
    }

    public static double Mae(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions)
    {
        ClassificationMetrics.CheckLengths(labels.Length, predictions.Length);
        double sum = 0;
        for (int i = 0; i < labels.Length; i++) sum += Math.Abs((double)predictions[i] - labels[i]);
        return sum / labels.Length;
    }

    /// <summary>Coefficient of determination, 1 - SS_res / SS_tot (scikit-learn's <c>r2_score</c>; 0 for constant labels with a perfect fit is reported as 1).</summary>
    public static double R2(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions)
    {
        ClassificationMetrics.CheckLengths(labels.Length, predictions.Length);
        double mean = 0;
        foreach (var y in labels) mean += y;
        mean /= labels.Length;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double r = labels[i] - (double)predictions[i], t = labels[i] - mean;
            ssRes += r * r;
            ssTot += t * t;
        }
        if (ssTot == 0) return ssRes == 0 ? 1 : 0;
        return 1 - ssRes / ssTot;
    }
}
