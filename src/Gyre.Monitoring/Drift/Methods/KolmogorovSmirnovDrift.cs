using Gyre.Stats.TwoSample;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>Two-sample Kolmogorov-Smirnov test (two-sided, scipy's automatic exact/asymptotic choice); drift when p &lt; threshold.</summary>
public sealed class KolmogorovSmirnovDrift : DriftMethod
{
    public override string Name => "ks_2samp";
    public override string Description => "two-sample Kolmogorov-Smirnov test (largest gap between the two ECDFs)";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsNumeric => true;

    public override DriftScore Score(NumericSample reference, NumericSample current, DriftOptions options)
    {
        var result = KolmogorovSmirnovTest.TwoSampleSorted(reference.Sorted, current.Sorted);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
