using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Jensen-Shannon distance (natural log, in [0, 0.83]), as scipy.spatial.distance.jensenshannon; drift when above the threshold.</summary>
public sealed class JensenShannonDrift : DivergenceDrift
{
    public override string Name => "jensenshannon";
    public override string Description => "Jensen-Shannon distance between the two distributions (natural log)";
    protected override double Distance(double[] reference, double[] current) => DistributionDistance.JensenShannonDistance(reference, current);
}
