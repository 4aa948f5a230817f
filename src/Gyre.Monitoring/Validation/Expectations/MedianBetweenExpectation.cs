namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>median_between</c>: the median (numpy's linear 50th percentile) lies in [min, max].</summary>
public sealed class MedianBetweenExpectation : StatisticBetweenExpectation
{
    public override string Name => "median_between";
    protected override string StatisticName => "median";
    protected override double Compute(double[] values) => StatisticsBridge.Quantile(values, 0.5);
}
