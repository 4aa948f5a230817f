namespace Gyre.Stats.Descriptive;

/// <summary>Ranks with ties given their average rank (scipy.stats.rankdata, method='average').</summary>
public static class Ranks
{
    public static double[] Average(ReadOnlySpan<double> values) => Average(values, out _);

    /// <summary>Average ranks, plus sum over tie groups of (t^3 - t).</summary>
    public static double[] Average(ReadOnlySpan<double> values, out double tieTerm)
    {
        var n = values.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        tieTerm = 0;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            // positions start..end-1 share ranks start+1..end
            var avg = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = avg;
            double t = end - start;
            tieTerm += t * t * t - t;
            start = end;
        }
        return ranks;
    }
}
