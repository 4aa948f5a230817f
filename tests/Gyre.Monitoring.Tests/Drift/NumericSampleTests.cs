using Gyre.Monitoring.Drift;

namespace Gyre.Monitoring.Tests.Drift;

public class NumericSampleTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    [InlineData(200_000)]
    public void Sorted_values_match_a_comparison_sort_and_missing_and_infinite_values_are_counted(int n)
    {
        var random = new Random(n);
        double[] specials = [0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e-300, -1e300, 3, 3, 3];
        var values = Enumerable.Range(0, n).Select(i => (i % 7) switch
        {
            0 => specials[random.Next(specials.Length)],
            1 => Math.Round(random.NextDouble() * 10), // many ties
            2 => -random.NextDouble() * 1e6,
            _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20)),
        }).ToList();
        values.AddRange([double.NaN, double.NaN, double.PositiveInfinity, double.NegativeInfinity]);

        var sample = NumericSample.From(values.ToArray());
        var expected = values.Where(double.IsFinite).ToArray();
        Array.Sort(expected);
        Assert.Equal(2, sample.Missing);
        Assert.Equal(2, sample.NonFinite);
        Assert.Equal(expected.Length, sample.Count);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == sample.Sorted[i], $"index {i}: expected {expected[i]:R}, got {sample.Sorted[i]:R}");
    }
}
