using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Two-sample Cramér-von Mises test; drift when p &lt; threshold.</summary>
public sealed class CramerVonMisesDrift : DriftMethod
{
    public override string Name => "cramer_von_mises";
    public override string Description => "two-sample Cramér-von Mises test";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var result = CramerVonMisesTest.TwoSample(reference.Sorted, current.Sorted);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
