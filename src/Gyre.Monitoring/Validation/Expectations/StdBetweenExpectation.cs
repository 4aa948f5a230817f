namespace Gyre.Monitoring.Validation.Expectations;

/// <summary><c>std_between</c>: the standard deviation (sample, ddof 1 by default, as pandas) lies in [min, max].</summary>
public sealed class StdBetweenExpectation : StatisticBetweenExpectation
{
    public int Ddof { get; init; } = 1;
    public override string Name => "std_between";
    protected override string StatisticName => Ddof == 1 ? "std" : $"std (ddof {Ddof})";
    protected override double Compute(double[] values) =>
        values.Length <= Ddof ? double.NaN : StatisticsBridge.StandardDeviation(values, Ddof);
}
