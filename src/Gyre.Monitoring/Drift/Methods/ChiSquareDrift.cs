using Gyre.Stats.Categorical;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Chi-square test of independence on the 2 x k table [reference counts; current counts] over the union of
/// categories, without Yates' correction (scipy chi2_contingency(correction=False)); drift when p &lt; threshold.
/// </summary>
public sealed class ChiSquareDrift : DriftMethod
{
    public override string Name => "chi2_contingency";
    public override string Description => "chi-square test of independence between data set and category";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsCategorical => true;

    public override DriftScore Score(CategoricalPair pair, DriftOptions options)
    {
        // One category on both sides: the distributions are identical (the test has no degrees of freedom).
        if (pair.Categories.Length < 2) return new DriftScore(0, 1);
        var result = ChiSquareTest.Contingency(pair.ReferenceCounts, pair.CurrentCounts, correction: false);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
