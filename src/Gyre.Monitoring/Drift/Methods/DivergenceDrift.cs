namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// A distance between two discrete distributions, for categorical columns (shares per category over the
/// union) and numeric ones (shares per equal-width bin, <see cref="DriftOptions.Bins"/> bins).
/// </summary>
public abstract class DivergenceDrift : DriftMethod
{
    public override DriftMethodKind Kind => DriftMethodKind.Distance;
    public override double DefaultThreshold => 0.1;
    public override bool SupportsNumeric => true;
    public override bool SupportsCategorical => true;

    /// <summary>The distance between two weight vectors of equal length (each normalised by its own sum).</summary>
    protected abstract double Distance(double[] reference, double[] current);

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var (p, q) = BinnedDistributions.Counts(reference, current, options.Bins);
        return new DriftScore(Distance(p, q), null);
    }

    public override DriftScore Score(CategoricalPair pair, DriftOptions options) =>
        new(Distance(pair.ReferenceCounts, pair.CurrentCounts), null);
}
