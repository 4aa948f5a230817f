using Gyre.Core.Errors;
using Gyre.Stats.Internal;

namespace Gyre.Stats.MultipleTesting;

/// <summary>Bonferroni, Holm and Benjamini-Hochberg corrections, as statsmodels.stats.multitest.multipletests.</summary>
public static class MultipleTestingCorrection
{
    public static CorrectionResult Apply(ReadOnlySpan<double> pValues, double alpha = 0.05, CorrectionMethod method = CorrectionMethod.Holm)
    {
        if (pValues.IsEmpty) throw GyreException.InvalidParameter("pvals must not be empty.");
        for (var i = 0; i < pValues.Length; i++) Guard.Probability(pValues[i], $"pvals[{i}]");
        Guard.OpenProbability(alpha, "alpha");
        var m = pValues.Length;
        var order = new int[m];
        for (var i = 0; i < m; i++) order[i] = i;
        var sorted = pValues.ToArray();
        Array.Sort(sorted, order); // ties: every method below gives tied p-values the same result
        var alphaSidak = 1 - Math.Pow(1.0 - alpha, 1.0 / m);
        var alphaBonf = alpha / m;
        var reject = new bool[m];
        var corrected = new double[m];
        switch (method)
        {
            case CorrectionMethod.Bonferroni:
                for (var i = 0; i < m; i++)
                {
                    reject[i] = sorted[i] <= alphaBonf;
                    corrected[i] = sorted[i] * m;
                }
                break;
            case CorrectionMethod.Holm:
            {
                var firstNotRejected = m;
                for (var i = 0; i < m; i++)
                {
                    if (sorted[i] > alpha / (m - i)) { firstNotRejected = i; break; }
                }
                var runningMax = double.NegativeInfinity;
                for (var i = 0; i < m; i++)
                {
                    reject[i] = i < firstNotRejected;
                    runningMax = Math.Max(runningMax, sorted[i] * (m - i));
                    corrected[i] = runningMax;
                }
                break;
            }
            case CorrectionMethod.BenjaminiHochberg:
            {
                var lastRejected = -1;
                var factors = new double[m];
                for (var i = 0; i < m; i++)
                {
                    factors[i] = (i + 1) / (double)m;
                    if (sorted[i] <= factors[i] * alpha) lastRejected = i;
                }
                var runningMin = double.PositiveInfinity;
                for (var i = m - 1; i >= 0; i--)
                {
                    reject[i] = i <= lastRejected;
                    runningMin = Math.Min(runningMin, sorted[i] / factors[i]);
                    corrected[i] = runningMin;
                }
                break;
            }
            default:
                throw GyreException.InvalidParameter($"unknown correction method {method}.");
        }
        var rejectOut = new bool[m];
        var correctedOut = new double[m];
        for (var i = 0; i < m; i++)
        {
            rejectOut[order[i]] = reject[i];
            correctedOut[order[i]] = Math.Min(corrected[i], 1.0);
        }
        return new CorrectionResult(rejectOut, correctedOut, alphaSidak, alphaBonf);
    }
}
