using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Kullback-Leibler divergence KL(reference || current) of the shares (as Evidently's kl_div); an empty bin or category on either side
/// is floored at a share of 1e-4 (as Evidently does) so one unseen category does not make it infinite.
/// Drift when above the threshold.
/// </summary>
public sealed class KullbackLeiblerDrift : DivergenceDrift
{
    public const double ShareFloor = 1e-4;

    public override string Name => "kl_div";
    public override string Description => "Kullback-Leibler divergence KL(reference || current) (zero shares floored at 1e-4)";

    protected override double Distance(double[] reference, double[] current) =>
        DistributionDistance.KullbackLeibler(Floored(reference), Floored(current));

    private static double[] Floored(double[] counts)
    {
        var total = counts.Sum();
        return counts.Select(c => total > 0 && c / total > 0 ? c / total : ShareFloor).ToArray();
    }
}
