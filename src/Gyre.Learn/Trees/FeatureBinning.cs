namespace Gyre.Learn.Trees;

/// <summary>
/// Per-feature quantile cut points. A value x falls in bin <c>#(cuts &lt;= x)</c>, so "bin &lt;= b" is exactly
/// "x &lt; cuts[b]": a split found on bins becomes XGBoost's split condition without rounding. NaN goes to
/// <see cref="MissingBin"/>.
/// </summary>
internal sealed class FeatureBinning
{
    public const byte MissingBin = 255;
    // Enough values for stable quantiles; bigger inputs are sampled with a fixed stride.
    private const int MaxSampledValues = 200_000;

    private FeatureBinning(float[][] cuts) => Cuts = cuts;

    public float[][] Cuts { get; }

    public int FeatureCount => Cuts.Length;

    public int BinCount(int feature) => Cuts[feature].Length + 1;

    public static FeatureBinning Fit(ReadOnlySpan<float> rows, int rowCount, int featureCount, int maxBin)
    {
        var cuts = new float[featureCount][];
        int step = Math.Max(1, rowCount / MaxSampledValues);
        var values = new List<float>(Math.Min(rowCount, MaxSampledValues) + 1);
        for (int f = 0; f < featureCount; f++)
        {
            values.Clear();
            for (int r = 0; r < rowCount; r += step)
            {
                float v = rows[r * featureCount + f];
                if (!float.IsNaN(v)) values.Add(v);
            }
            values.Sort();
            cuts[f] = CutsOf(values, maxBin);
        }
        return new FeatureBinning(cuts);
    }

    private static float[] CutsOf(List<float> sorted, int maxBin)
    {
        if (sorted.Count == 0) return [];
        var distinct = new List<float>();
        foreach (var v in sorted)
            if (distinct.Count == 0 || distinct[^1] != v) distinct.Add(v);
        if (distinct.Count <= maxBin) return distinct.Skip(1).ToArray();
        // Quantile cuts; every cut is a data value, so equal values never straddle a cut.
        var cuts = new List<float>(maxBin);
        for (int i = 1; i < maxBin; i++)
        {
            float cut = sorted[(int)((long)i * sorted.Count / maxBin)];
            if (cut > sorted[0] && (cuts.Count == 0 || cut > cuts[^1])) cuts.Add(cut);
        }
        return [.. cuts];
    }

    public byte BinOf(int feature, float value)
    {
        if (float.IsNaN(value)) return MissingBin;
        var cuts = Cuts[feature];
        int lo = 0, hi = cuts.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return (byte)lo;
    }

    /// <summary>Bins of every value, row-major like the input.</summary>
    public byte[] Transform(ReadOnlySpan<float> rows, int rowCount)
    {
        int features = FeatureCount;
        var bins = new byte[rowCount * features];
        for (int r = 0; r < rowCount; r++)
            for (int f = 0; f < features; f++)
                bins[r * features + f] = BinOf(f, rows[r * features + f]);
        return bins;
    }
}
