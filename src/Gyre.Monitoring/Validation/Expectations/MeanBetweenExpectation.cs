namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>mean_between</c>: the arithmetic mean of the non-missing values lies in [min, max].</summary>
public sealed class MeanBetweenExpectation : StatisticBetweenExpectation
{
    public override string Name => "mean_between";
    protected override string StatisticName => "mean";
    protected override double Compute(double[] values) => StatisticsBridge.Mean(values);
}
