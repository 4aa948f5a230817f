using System.Globalization;

namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>quantile_between</c>: the q-quantile (numpy's default linear interpolation) lies in [min, max].</summary>
public sealed class QuantileBetweenExpectation : StatisticBetweenExpectation
{
    public required double Quantile { get; init; }
    public override string Name => "quantile_between";
    protected override string StatisticName => $"{Quantile.ToString("0.###", CultureInfo.InvariantCulture)} quantile";
    protected override double Compute(double[] values) => StatisticsBridge.Quantile(values, Quantile);
}
