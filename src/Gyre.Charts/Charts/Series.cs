namespace Gyre.Charts.Charts;

/// <summary>One named series of heights, one per histogram bin or per category.</summary>
public sealed record ValueSeries(string Name, IReadOnlyList<double> Values);

/// <summary>One named series of points (line and scatter charts); points with a non-finite coordinate are skipped.</summary>
public sealed record PointSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    public IEnumerable<(double X, double Y)> FinitePoints()
    {
        var n = Math.Min(X.Count, Y.Count);
        for (var i = 0; i < n; i++)
            if (double.IsFinite(X[i]) && double.IsFinite(Y[i])) yield return (X[i], Y[i]);
    }
}
