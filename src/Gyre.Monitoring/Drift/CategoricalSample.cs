namespace Gyre.Monitoring.Drift;

/// <summary>One side of a categorical column: how often each category occurs, plus the missing count.</summary>
public sealed class CategoricalSample(IReadOnlyDictionary<string, long> counts, int missing)
{
    public IReadOnlyDictionary<string, long> Counts { get; } = counts;
    public long Total { get; } = counts.Values.Sum();
    public int Missing { get; } = missing;
}

/// <summary>Reference and current counts aligned on the sorted (ordinal) union of their categories.</summary>
public sealed class CategoricalPair
{
    public CategoricalPair(CategoricalSample reference, CategoricalSample current)
    {
        Categories = reference.Counts.Keys.Union(current.Counts.Keys).Order(StringComparer.Ordinal).ToArray();
        ReferenceCounts = Categories.Select(c => (double)reference.Counts.GetValueOrDefault(c)).ToArray();
        CurrentCounts = Categories.Select(c => (double)current.Counts.GetValueOrDefault(c)).ToArray();
        ReferenceTotal = reference.Total;
        CurrentTotal = current.Total;
    }

    public string[] Categories { get; }
    public double[] ReferenceCounts { get; }
    public double[] CurrentCounts { get; }
    public long ReferenceTotal { get; }
    public long CurrentTotal { get; }

    public double[] ReferenceFrequencies => ReferenceCounts.Select(c => c / ReferenceTotal).ToArray();
    public double[] CurrentFrequencies => CurrentCounts.Select(c => c / CurrentTotal).ToArray();
}
