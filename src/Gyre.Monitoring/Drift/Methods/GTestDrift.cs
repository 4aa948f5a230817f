using Gyre.Stats.Categorical;

namespace Gyre.Monitoring.Drift.Methods;

/// <summary>G-test (log-likelihood ratio) of independence on the 2 x k table of counts; drift when p &lt; threshold.</summary>
public sealed class GTestDrift : DriftMethod
{
    public override string Name => "g_test";
    public override string Description => "G-test (log-likelihood ratio) of independence";
    public override DriftMethodKind Kind => DriftMethodKind.PValue;
    public override double DefaultThreshold => 0.05;
    public override bool SupportsCategorical => true;

    public override DriftScore Score(CategoricalPair pair, DriftOptions options)
    {
        if (pair.Categories.Length < 2) return new DriftScore(0, 1);
        var result = ChiSquareTest.Contingency(pair.ReferenceCounts, pair.CurrentCounts, correction: false, DivergenceStatistic.LogLikelihood);
        return new DriftScore(result.Statistic, result.PValue);
    }
}
