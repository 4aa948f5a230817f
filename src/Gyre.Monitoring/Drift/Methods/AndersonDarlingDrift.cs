using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Anderson-Darling k-sample test on the two samples; its p-value is interpolated and capped to
/// [0.001, 0.25] (as scipy's); drift when p &lt; threshold.
/// </summary>
public sealed class AndersonDarlingDrift : DriftMethod
{
    public override string Name => "anderson";
    public override string Description => "Anderson-Darling k-sample test";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var result = AndersonDarlingKSampleTest.Test([reference.Sorted, current.Sorted]);
        return new DriftScore(result.Statistic, result.SignificanceLevel);
    }
}
