using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Hellinger distance in [0, 1]; drift when above the threshold.</summary>
public sealed class HellingerDrift : DivergenceDrift
{
    public override string Name => "hellinger";
    public override string Description => "Hellinger distance between the two distributions";
    protected override double Distance(double[] reference, double[] current) => DistributionDistance.HellingerEuclidean(reference, current);
}
