using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Mann-Whitney U test (two-sided); drift when p &lt; threshold.</summary>
public sealed class MannWhitneyDrift : DriftMethod
{
    public override string Name => "mannwhitneyu";
    public override string Description => "Mann-Whitney U rank test";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var result = MannWhitneyUTest.Test(reference.Sorted, current.Sorted);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
