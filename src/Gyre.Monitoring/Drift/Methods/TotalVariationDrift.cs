using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Total variation distance (half the L1 distance between the shares) in [0, 1]; drift when above the threshold.</summary>
public sealed class TotalVariationDrift : DivergenceDrift
{
    public override string Name => "total_variation";
    public override string Description => "total variation distance between the two distributions";
    protected override double Distance(double[] reference, double[] current) => DistributionDistance.TotalVariation(reference, current);
}
