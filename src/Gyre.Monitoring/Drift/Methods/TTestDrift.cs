using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Welch's t-test on the means (two-sided); drift when p &lt; threshold. Needs two values per side.</summary>
public sealed class TTestDrift : DriftMethod
{
    public override string Name => "t_test";
    public override string Description => "Welch's t-test on the means";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var result = TTest.Independent(reference.Sorted, current.Sorted, equalVariances: false);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
