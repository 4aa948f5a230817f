using Gyre.Core.Errors;
using Gyre.Stats.Categorical;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Fisher's exact test on the 2 x 2 table of a binary column (suits small samples); drift when p &lt; threshold.</summary>
public sealed class FisherExactDrift : DriftMethod
{
    public override string Name => "fisher_exact";
    public override string Description => "Fisher's exact test on a binary column";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsCategorical => true;

    public override DriftScore Score(CategoricalPair pair, DriftOptions options)
    {
        if (pair.Categories.Length > 2)
            throw GyreException.InvalidParameter($"Fisher's exact test compares two categories; this column has {pair.Categories.Length}");
        if (pair.Categories.Length < 2) return new DriftScore(0, 1);
        var result = FisherExactTest.Test((long)pair.ReferenceCounts[0], (long)pair.ReferenceCounts[1],
            (long)pair.CurrentCounts[0], (long)pair.CurrentCounts[1]);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
