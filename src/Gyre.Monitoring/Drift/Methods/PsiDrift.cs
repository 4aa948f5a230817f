using Gyre.Stats.Divergences;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Population stability index. Numeric columns: 10 (<see cref="DriftOptions.Bins"/>) reference-quantile bins;
/// by default the outer bins are open so current values outside the reference range still count
/// (DECISIONS.md 2); <see cref="PsiBinning.ReferenceRange"/> reproduces the numpy algorithm that drops them.
/// Categorical columns: one bin per category. Shares are clipped below at 1e-6. Drift when above the threshold.
/// </summary>
public sealed class PsiDrift(PsiBinning binning) : DriftMethod
{
    public PsiBinning Binning { get; } = binning;

    public override string Name => Binning == PsiBinning.OpenEnded ? "psi" : "psi_reference_range";
    public override string Description => Binning == PsiBinning.OpenEnded
        ? "population stability index over reference-quantile bins (outer bins open)"
        : "population stability index over reference-quantile bins (values outside the reference range dropped, as numpy)";
    public override DriftMethodKind Kind => DriftMethodKind.Distance;
    public override double DefaultThreshold => 0.1;
    public override bool SupportsNumeric => true;
    public override bool SupportsCategorical => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options) =>
        new(PopulationStabilityIndex.ComputeSortedReference(reference.Sorted, current.Sorted, options.Bins, Binning).Psi, null);

    public override DriftScore Score(CategoricalPair pair, DriftOptions options)
    {
        // The same index with one bin per category: sum (actual - expected) ln(actual / expected) over clipped shares.
        var psi = 0.0;
        for (var i = 0; i < pair.Categories.Length; i++)
        {
            var expected = Math.Max(pair.ReferenceCounts[i] / pair.ReferenceTotal, PopulationStabilityIndex.MinFraction);
            var actual = Math.Max(pair.CurrentCounts[i] / pair.CurrentTotal, PopulationStabilityIndex.MinFraction);
            psi += (actual - expected) * Math.Log(actual / expected);
        }
        return new DriftScore(psi, null);
    }
}
