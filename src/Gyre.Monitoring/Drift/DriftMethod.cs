using Gyre.Core.Errors;

namespace Gyre.Monitoring.Drift;

/// <summary>
/// One way to compare a reference and a current sample. Numeric methods receive sorted samples
/// (sorted once per column and shared by every method); categorical methods receive counts aligned on
/// the union of categories. Every statistic comes from Gyre.Stats.
/// </summary>
public abstract class DriftMethod
{
    /// <summary>The name reports use (e.g. <c>ks_2samp</c>, <c>wasserstein_normed</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What the statistic is, in a few words, for reports.</summary>
    public abstract string Description { get; }

    public abstract DriftMethodKind Kind { get; }

    public abstract double DefaultThreshold { get; }

    public virtual bool SupportsNumeric => false;

    public virtual bool SupportsCategorical => false;

    public virtual DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options) =>
        throw GyreException.InvalidParameter($"method '{Name}' compares categories, not numbers");

    public virtual DriftScore Score(CategoricalPair pair, DriftOptions options) =>
        throw GyreException.InvalidParameter($"method '{Name}' compares numbers, not categories");

    /// <summary>The verdict: p &lt; threshold for tests, statistic &gt; threshold for distances.</summary>
    public bool IsDrift(DriftScore score, double threshold) =>
        Kind == DriftMethodKind.PValue ? score.PValue < threshold : score.Statistic > threshold;

    /// <summary>"p_value &lt; 0.05" or "statistic &gt; 0.1", for reports.</summary>
    public string DriftRule(double threshold) =>
        Kind == DriftMethodKind.PValue
            ? $"p_value < {threshold.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}"
            : $"statistic > {threshold.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}";

    public override string ToString() => Name;
}
