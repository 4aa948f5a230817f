using Gyre.Core.Errors;
using Gyre.Stats.Categorical;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>
/// Two-proportion z-test (pooled) for binary columns: compares the share of the second category (in
/// sorted order, e.g. "1" or "true") between reference and current; drift when p &lt; threshold.
/// </summary>
public sealed class ProportionZTestDrift : DriftMethod
{
    public override string Name => "z_test";
    public override string Description => "two-proportion z-test on a binary column";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsCategorical => true;

    public override DriftScore Score(CategoricalPair pair, DriftOptions options)
    {
        if (pair.Categories.Length > 2)
            throw GyreException.InvalidParameter($"the z-test compares two categories; this column has {pair.Categories.Length}");
        if (pair.Categories.Length < 2) return new DriftScore(0, 1);
        var result = TwoProportionZTest.Test((long)pair.ReferenceCounts[1], pair.ReferenceTotal, (long)pair.CurrentCounts[1], pair.CurrentTotal);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
