using Gyre.Stats.Descriptive;
using Gyre.Stats.Tests.Reference;

namespace Gyre.Stats.Tests;

/// <summary>Every case of quantiles.json: numpy.percentile (bit-exact) and numpy.histogram.</summary>
public sealed class QuantilesReferenceTests
{
    private const string File = "quantiles.json";

    public static TheoryData<string> Cases => ReferenceFile.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesNumpy(string name)
    {
        var c = ReferenceFile.Load(File)[name];
        var x = c.InDoubles("x");
        if (c.Function.StartsWith("numpy.percentile", StringComparison.Ordinal))
        {
            var q = c.InDoubles("q");
            var expected = c.OutDoubles("values");
            var actual = Percentile.Of(x, q);
            for (var i = 0; i < q.Length; i++) Tolerance.Exact(expected[i], actual[i], $"percentile q={q[i]:R}");
            return;
        }
        if (!c.Function.StartsWith("numpy.histogram", StringComparison.Ordinal)) throw new InvalidOperationException(c.Function);
        var bins = c.In("bins");
        var result = bins.ValueKind == System.Text.Json.JsonValueKind.Array
            ? Histogram.Compute(x, ReferenceFile.ToDoubles(bins))
            : Histogram.Compute(x, (int)ReferenceFile.ToDouble(bins));
        var counts = c.OutDoubles("counts");
        Assert.Equal(counts.Select(v => (long)v).ToArray(), result.Counts);
        var edges = c.OutDoubles("bin_edges");
        Assert.Equal(edges.Length, result.Edges.Length);
        for (var i = 0; i < edges.Length; i++) Tolerance.Exact(edges[i], result.Edges[i], $"bin_edges[{i}]");
    }
}
