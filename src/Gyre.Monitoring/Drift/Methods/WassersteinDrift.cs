using Gyre.Stats.Descriptive;
using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Wasserstein (earth mover's) distance divided by the reference standard deviation (ddof 0, floored at
/// 0.001 so a constant reference column does not divide by zero); drift when above the threshold.
/// </summary>
public sealed class WassersteinDrift : DriftMethod
{
    public const double StdFloor = 0.001;

    public override string Name => "wasserstein_normed";
    public override string Description => "Wasserstein distance in units of the reference standard deviation";
    public override DriftMethodKind Kind => DriftMethodKind.Distance;
    public override double DefaultThreshold => 0.1;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var distance = CdfDistance.WassersteinSorted(reference.Sorted, current.Sorted);
        var std = SampleMoments.StandardDeviation(reference.Sorted);
        return new DriftScore(distance / Math.Max(std, StdFloor), null);
    }
}
