using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Energy distance between the two samples (scipy.stats.energy_distance); drift when above the threshold.</summary>
public sealed class EnergyDistanceDrift : DriftMethod
{
    public override string Name => "energy_distance";
    public override string Description => "energy distance between the two empirical distributions";
    public override DriftMethodKind Kind => DriftMethodKind.Distance;
    public override double DefaultThreshold => 0.1;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options) =>
        new(CdfDistance.EnergySorted(reference.Sorted, current.Sorted), null);
}
