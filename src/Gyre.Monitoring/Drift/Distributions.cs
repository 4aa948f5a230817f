namespace Gyre.Monitoring.Drift;

/// <summary>Builds the per-side shares shown in report charts from the prepared samples.</summary>
internal static class Distributions
{
    public static DriftDistribution Numeric(NumericSample reference, NumericSample current, int bins)
    {
        var min = Math.Min(reference.Min, current.Min);
        var max = Math.Max(reference.Max, current.Max);
        if (min == max) { min -= 0.5; max += 0.5; }
        bins = Math.Max(1, bins);
        var edges = new double[bins + 1];
        var step = (max - min) / bins;
        for (var i = 0; i < bins; i++) edges[i] = min + i * step;
        edges[bins] = max;
        return new DriftDistribution { Edges = edges, Reference = Shares(reference, edges), Current = Shares(current, edges) };
    }

    public static DriftDistribution Categorical(CategoricalPair pair) => new()
    {
        Categories = pair.Categories,
        Reference = pair.ReferenceFrequencies,
        Current = pair.CurrentFrequencies,
    };

    /// <summary>Share of values per bin [e_i, e_i+1), last bin closed; counted by binary search on the sorted values.</summary>
    private static double[] Shares(NumericSample sample, double[] edges)
    {
        var shares = new double[edges.Length - 1];
        var previous = sample.CountBelow(edges[0], inclusive: false);
        for (var i = 1; i < edges.Length; i++)
        {
            var below = sample.CountBelow(edges[i], inclusive: i == edges.Length - 1);
            shares[i - 1] = (double)(below - previous) / sample.Count;
            previous = below;
        }
        return shares;
    }
}
